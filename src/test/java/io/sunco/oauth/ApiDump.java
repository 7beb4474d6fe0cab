package io.sunco.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the library's public API as text, one line per type and per member, as OkHttp keeps
 * {@code okhttp.api}: every public or protected type, constructor, method and field of the packages
 * that the module descriptor exports. Types are sorted by name and their members by text; the first
 * line counts them. A type lists, as its own, the public and protected members it inherits from
 * superclasses users cannot name (package-private bases), as a user and Javadoc see them, with the
 * type arguments it gives those bases; its {@code extends} names its nearest public superclass.
 * Formats types itself (never {@code Type.toString()}, whose text differs between JDKs), so that
 * Java 17 and Java 25 render the same compiled classes alike.
 */
final class ApiDump {

  /** The checked-in dump, relative to the project directory. */
  static final Path FILE = Path.of("src", "main", "api", "sunco-oauth-reactor.api");

  /** The compiled main classes, relative to the project directory. */
  static final Path CLASSES = Path.of("target", "classes");

  /** The command that rewrites {@link #FILE} from the compiled classes. */
  static final String UPDATE_COMMAND =
      "mvn -B test -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true";

  private static final String INDENT = "    ";

  private ApiDump() {}

  /** Writes the dump of {@code target/classes} to {@link #FILE}; run from the project directory. */
  public static void main(String[] args) throws IOException {
    write(render(CLASSES, ApiDump.class.getClassLoader()));
  }

  static void write(List<String> lines) throws IOException {
    Files.createDirectories(FILE.getParent());
    Files.writeString(FILE, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The dump of the compiled classes under {@code classes}, loaded (never initialized) by loader.
   */
  static List<String> render(Path classes, ClassLoader loader) {
    ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
    List<Class<?>> types =
        module.exports().stream()
            .filter(export -> !export.isQualified())
            .flatMap(export -> typesIn(classes, export.source(), loader))
            .filter(ApiDump::isApi)
            .sorted(Comparator.comparing(ApiDump::typeName))
            .toList();
    List<String> body = new ArrayList<>();
    int methods = 0;
    int constructors = 0;
    int fields = 0;
    for (Class<?> type : types) {
      body.add(declaration(type));
      List<String> members = new ArrayList<>();
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (isApi(type, constructor)) {
          members.add(modifiers(type, constructor) + typeName(type) + parameters(constructor));
          constructors++;
        }
      }
      // Declared members first, then those of each hidden superclass they do not override or hide.
      Set<String> methodKeys = new HashSet<>();
      Set<String> fieldNames = new HashSet<>();
      List<Hidden> levels = new ArrayList<>();
      levels.add(new Hidden(type, Map.of()));
      levels.addAll(hiddenSuperclasses(type));
      for (Hidden level : levels) {
        for (Method method : level.type().getDeclaredMethods()) {
          // Bridges stand for a method listed where it is declared (javac makes access bridges in
          // a public subclass for the public methods of a package-private base).
          if (isApi(type, method)
              && !method.isBridge()
              && methodKeys.add(method.getName() + parameterTypes(method, level.typeArguments()))) {
            members.add(signature(type, method, level.typeArguments()));
            methods++;
          }
        }
        for (Field field : level.type().getDeclaredFields()) {
          if (isApi(type, field) && fieldNames.add(field.getName())) {
            members.add(
                modifiers(type, field)
                    + name(field.getGenericType(), level.typeArguments())
                    + " "
                    + field.getName());
            fields++;
          }
        }
      }
      members.stream().sorted().map(member -> INDENT + member).forEach(body::add);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "# %d public types, %d public and protected methods, %d constructors, %d fields."
                + " Regenerate: %s",
            types.size(), methods, constructors, fields, UPDATE_COMMAND));
    lines.addAll(body);
    return lines;
  }

  /**
   * A superclass users cannot name, with the names of the type arguments its subclasses give its
   * type parameters.
   */
  private record Hidden(Class<?> type, Map<TypeVariable<?>, String> typeArguments) {}

  /** The superclasses of {@code type} up to (without) its nearest API superclass, nearest first. */
  private static List<Hidden> hiddenSuperclasses(Class<?> type) {
    List<Hidden> hidden = new ArrayList<>();
    Map<TypeVariable<?>, String> typeArguments = Map.of();
    Class<?> current = type;
    for (Class<?> superclass = type.getSuperclass();
        superclass != null && !isApi(superclass);
        superclass = superclass.getSuperclass()) {
      typeArguments = typeArguments(current.getGenericSuperclass(), typeArguments);
      hidden.add(new Hidden(superclass, typeArguments));
      current = superclass;
    }
    return hidden;
  }

  /** The names of the type arguments that {@code supertype} gives its class's type parameters. */
  private static Map<TypeVariable<?>, String> typeArguments(
      Type supertype, Map<TypeVariable<?>, String> outer) {
    Map<TypeVariable<?>, String> arguments = new HashMap<>();
    if (supertype instanceof ParameterizedType parameterized) {
      TypeVariable<?>[] variables = ((Class<?>) parameterized.getRawType()).getTypeParameters();
      Type[] actual = parameterized.getActualTypeArguments();
      for (int i = 0; i < variables.length; i++) {
        arguments.put(variables[i], name(actual[i], outer));
      }
    }
    return arguments;
  }

  private static Stream<Class<?>> typesIn(Path classes, String pkg, ClassLoader loader) {
    Path dir = classes.resolve(pkg.replace('.', '/'));
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
          .<Class<?>>map(
              file ->
                  load(pkg + "." + file.substring(0, file.length() - ".class".length()), loader))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load " + name, e);
    }
  }

  /** A type users can name: public (or protected inside such a type), not synthetic or local. */
  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    int modifiers = type.getModifiers();
    Class<?> enclosing = type.getDeclaringClass();
    return enclosing == null
        ? Modifier.isPublic(modifiers)
        : (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) && isApi(enclosing);
  }

  /** Public members, and protected ones where a subclass can reach them (the type is not final). */
  private static boolean isApi(Class<?> type, Member member) {
    int modifiers = member.getModifiers();
    return !member.isSynthetic()
        && (Modifier.isPublic(modifiers)
            || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers())));
  }

  private static String declaration(Class<?> type) {
    List<String> words = new ArrayList<>();
    int modifiers = type.getModifiers();
    words.add(Modifier.isPublic(modifiers) ? "public" : "protected");
    boolean plainClass = !type.isInterface() && !type.isEnum() && !type.isRecord();
    // Nested interfaces, enums and records are static by definition.
    if (plainClass && Modifier.isStatic(modifiers) && type.getDeclaringClass() != null) {
      words.add("static");
    }
    if (plainClass && Modifier.isAbstract(modifiers)) {
      words.add("abstract");
    }
    if (type.isSealed()) {
      words.add("sealed");
    } else if (plainClass && Modifier.isFinal(modifiers)) {
      words.add("final");
    }
    words.add(
        type.isAnnotation()
            ? "@interface"
            : type.isInterface()
                ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class");
    String components =
        type.isRecord()
            ? Arrays.stream(type.getRecordComponents())
                .map(component -> name(component.getGenericType()) + " " + component.getName())
                .collect(Collectors.joining(", ", "(", ")"))
            : "";
    words.add(typeName(type) + typeParameters(type.getTypeParameters()) + components);
    // Seen through the hidden superclasses: the nearest API superclass, and their interfaces too.
    List<Hidden> hidden = hiddenSuperclasses(type);
    Set<String> interfaces = new LinkedHashSet<>();
    Arrays.stream(type.getGenericInterfaces()).map(ApiDump::name).forEach(interfaces::add);
    Type superclass = type.getGenericSuperclass();
    Map<TypeVariable<?>, String> typeArguments = Map.of();
    for (Hidden level : hidden) {
      typeArguments = level.typeArguments();
      for (Type implemented : level.type().getGenericInterfaces()) {
        interfaces.add(name(implemented, typeArguments));
      }
      superclass = level.type().getGenericSuperclass();
    }
    if (plainClass && superclass != null && superclass != Object.class) {
      words.add("extends " + name(superclass, typeArguments));
    }
    if (!interfaces.isEmpty() && !type.isAnnotation()) {
      words.add((type.isInterface() ? "extends " : "implements ") + String.join(", ", interfaces));
    }
    if (type.isSealed()) {
      words.add(
          "permits "
              + Arrays.stream(type.getPermittedSubclasses())
                  .map(ApiDump::typeName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return String.join(" ", words);
  }

  /** A method as {@code type} has it, with the type arguments its declaring class is given. */
  private static String signature(
      Class<?> type, Method method, Map<TypeVariable<?>, String> typeArguments) {
    String typeParameters = typeParameters(method.getTypeParameters());
    return modifiers(type, method)
        + (typeParameters.isEmpty() ? "" : typeParameters + " ")
        + name(method.getGenericReturnType(), typeArguments)
        + " "
        + method.getName()
        + parameters(method, typeArguments);
  }

  /** The modifiers that are API: access, static, final, abstract and default, where not implied. */
  private static String modifiers(Class<?> type, Member member) {
    int modifiers = member.getModifiers();
    StringBuilder words =
        new StringBuilder(Modifier.isPublic(modifiers) ? "public " : "protected ");
    if (Modifier.isStatic(modifiers)) {
      words.append("static ");
    }
    if (member instanceof Method method) {
      if (method.isDefault()) {
        words.append("default ");
      }
      if (Modifier.isAbstract(modifiers) && !type.isInterface()) {
        words.append("abstract ");
      }
      if (Modifier.isFinal(modifiers) && !Modifier.isFinal(type.getModifiers())) {
        words.append("final ");
      }
    } else if (member instanceof Field && Modifier.isFinal(modifiers)) {
      words.append("final ");
    }
    return words.toString();
  }

  private static String parameters(Executable executable) {
    return parameters(executable, Map.of());
  }

  private static String parameters(
      Executable executable, Map<TypeVariable<?>, String> typeArguments) {
    String thrown =
        executable.getGenericExceptionTypes().length == 0
            ? ""
            : " throws " + names(executable.getGenericExceptionTypes(), typeArguments);
    return parameterTypes(executable, typeArguments) + thrown;
  }

  /** The parameter list: what an override or a hidden method has in common with the one above. */
  private static String parameterTypes(
      Executable executable, Map<TypeVariable<?>, String> typeArguments) {
    Type[] types = executable.getGenericParameterTypes();
    if (types.length != executable.getParameterCount()) {
      // Inner-class and enum constructors: the generic view leaves out synthetic parameters.
      types = executable.getParameterTypes();
    }
    List<String> names =
        Arrays.stream(types)
            .map(parameter -> name(parameter, typeArguments))
            .collect(Collectors.toList());
    if (executable.isVarArgs()) {
      String last = names.get(names.size() - 1);
      names.set(names.size() - 1, last.substring(0, last.length() - 2) + "...");
    }
    return "(" + String.join(", ", names) + ")";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables)
        .map(
            variable -> {
              List<Type> bounds =
                  Arrays.stream(variable.getBounds()).filter(b -> b != Object.class).toList();
              return bounds.isEmpty()
                  ? variable.getName()
                  : variable.getName()
                      + " extends "
                      + bounds.stream().map(ApiDump::name).collect(Collectors.joining(" & "));
            })
        .collect(Collectors.joining(", ", "<", ">"));
  }

  private static String names(Type[] types) {
    return names(types, Map.of());
  }

  private static String names(Type[] types, Map<TypeVariable<?>, String> typeArguments) {
    return Arrays.stream(types)
        .map(type -> name(type, typeArguments))
        .collect(Collectors.joining(", "));
  }

  private static String typeName(Class<?> type) {
    return type.getName().replace('$', '.');
  }

  private static String name(Type type) {
    return name(type, Map.of());
  }

  /** The name of {@code type}, with the type variables of hidden superclasses replaced. */
  private static String name(Type type, Map<TypeVariable<?>, String> typeArguments) {
    if (type instanceof Class<?> raw) {
      return raw.isArray() ? name(raw.getComponentType()) + "[]" : typeName(raw);
    }
    if (type instanceof ParameterizedType parameterized) {
      return name(parameterized.getRawType())
          + "<"
          + names(parameterized.getActualTypeArguments(), typeArguments)
          + ">";
    }
    if (type instanceof GenericArrayType array) {
      return name(array.getGenericComponentType(), typeArguments) + "[]";
    }
    if (type instanceof WildcardType wildcard) {
      if (wildcard.getLowerBounds().length > 0) {
        return "? super " + names(wildcard.getLowerBounds(), typeArguments);
      }
      Type[] upper = wildcard.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class
          ? "?"
          : "? extends " + names(upper, typeArguments);
    }
    if (type instanceof TypeVariable<?> variable) {
      return typeArguments.getOrDefault(variable, variable.getName());
    }
    throw new IllegalArgumentException("unknown kind of type: " + type.getClass());
  }
}
