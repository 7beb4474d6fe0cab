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
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the library's public API as text, one line per type and per member, as OkHttp keeps
 * {@code okhttp.api}: every public or protected type, constructor, method and field of the packages
 * that the module descriptor exports. Types are sorted by name and their members by text; the first
 * line counts them. Formats types itself (never {@code Type.toString()}, whose text differs between
 * JDKs), so that Java 17 and Java 25 render the same compiled classes alike.
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
      for (Method method : type.getDeclaredMethods()) {
        if (isApi(type, method) && !method.isBridge()) {
          members.add(signature(type, method));
          methods++;
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (isApi(type, field)) {
          members.add(
              modifiers(type, field) + name(field.getGenericType()) + " " + field.getName());
          fields++;
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
    Type superclass = type.getGenericSuperclass();
    if (plainClass && superclass != null && superclass != Object.class) {
      words.add("extends " + name(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      words.add((type.isInterface() ? "extends " : "implements ") + names(interfaces));
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

  private static String signature(Class<?> type, Method method) {
    String typeParameters = typeParameters(method.getTypeParameters());
    return modifiers(type, method)
        + (typeParameters.isEmpty() ? "" : typeParameters + " ")
        + name(method.getGenericReturnType())
        + " "
        + method.getName()
        + parameters(method);
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
    Type[] types = executable.getGenericParameterTypes();
    if (types.length != executable.getParameterCount()) {
      // Inner-class and enum constructors: the generic view leaves out synthetic parameters.
      types = executable.getParameterTypes();
    }
    List<String> names = Arrays.stream(types).map(ApiDump::name).collect(Collectors.toList());
    if (executable.isVarArgs()) {
      String last = names.get(names.size() - 1);
      names.set(names.size() - 1, last.substring(0, last.length() - 2) + "...");
    }
    String thrown =
        executable.getGenericExceptionTypes().length == 0
            ? ""
            : " throws " + names(executable.getGenericExceptionTypes());
    return "(" + String.join(", ", names) + ")" + thrown;
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
    return Arrays.stream(types).map(ApiDump::name).collect(Collectors.joining(", "));
  }

  private static String typeName(Class<?> type) {
    return type.getName().replace('$', '.');
  }

  private static String name(Type type) {
    if (type instanceof Class<?> raw) {
      return raw.isArray() ? name(raw.getComponentType()) + "[]" : typeName(raw);
    }
    if (type instanceof ParameterizedType parameterized) {
      return name(parameterized.getRawType())
          + "<"
          + names(parameterized.getActualTypeArguments())
          + ">";
    }
    if (type instanceof GenericArrayType array) {
      return name(array.getGenericComponentType()) + "[]";
    }
    if (type instanceof WildcardType wildcard) {
      if (wildcard.getLowerBounds().length > 0) {
        return "? super " + names(wildcard.getLowerBounds());
      }
      Type[] upper = wildcard.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + names(upper);
    }
    if (type instanceof TypeVariable<?> variable) {
      return variable.getName();
    }
    throw new IllegalArgumentException("unknown kind of type: " + type.getClass());
  }
}
