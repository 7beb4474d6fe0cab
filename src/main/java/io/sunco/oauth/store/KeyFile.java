package io.sunco.oauth.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The default {@link KeyProvider}: a text file of keys, read at each {@link #keyRing()}. One
 * setting per line, {@code #} starts a comment line, blank lines are skipped, spaces around {@code
 * =} are allowed:
 *
 * <pre>{@code
 * # Seals every token written; every key listed opens the tokens it sealed.
 * primary = 2026-12
 * key.2026-12 = <base64 of 32 random bytes>
 * key.2026-06 = <base64 of 32 random bytes>
 * }</pre>
 *
 * Key ids are 1 to {@value KeyRing#MAX_KEY_ID_LENGTH} characters from {@code [A-Za-z0-9._-]}; each
 * key is the standard base64 of {@value KeyRing#KEY_BYTES} random bytes ({@link #newKeyLine} makes
 * a line). On a POSIX file system the file must be readable and writable by its owner only ({@code
 * chmod 600}): like {@code ssh} with a private key, a file that the group or others may read or
 * write is refused. An error names the file and the line, never a key.
 */
public final class KeyFile implements KeyProvider {

  private static final String PRIMARY = "primary";
  private static final String KEY_PREFIX = "key.";
  private static final Set<PosixFilePermission> TOO_OPEN =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private final Path path;

  private KeyFile(Path path) {
    this.path = path;
  }

  /**
   * The key file at {@code path}; nothing is read yet.
   *
   * @param path the file
   * @return the provider
   * @throws NullPointerException when {@code path} is null
   */
  public static KeyFile at(Path path) {
    return new KeyFile(Objects.requireNonNull(path, "path"));
  }

  /**
   * The file this provider reads.
   *
   * @return the path given to {@link #at}
   */
  public Path path() {
    return path;
  }

  /**
   * Reads the file on {@link Schedulers#boundedElastic()} and builds its ring; each subscription
   * reads it again.
   *
   * @return a {@code Mono} that emits the ring; errors with {@link IllegalArgumentException} when
   *     the group or others may read or write the file, or when its content is not a valid key file
   *     (the message names the file and the line), and with {@link UncheckedIOException} when the
   *     file cannot be read
   */
  @Override
  public Mono<KeyRing> keyRing() {
    return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
  }

  private KeyRing read() {
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      if (posix != null) {
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (permissions.stream().anyMatch(TOO_OPEN::contains)) {
          throw new IllegalArgumentException(
              "Key file "
                  + path
                  + " is readable or writable by group or others ("
                  + PosixFilePermissions.toString(permissions)
                  + "): keys must be readable by their owner only, so it is refused; run chmod 600 "
                  + path);
        }
      }
      return parse(Files.readAllLines(path, StandardCharsets.UTF_8), "Key file " + path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read key file " + path + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Builds the ring a key file's lines describe.
   *
   * @param source how messages name the file, for example {@code "Key file /etc/app/keys"}
   * @throws IllegalArgumentException naming the source and the line, never a key's value
   */
  static KeyRing parse(List<String> lines, String source) {
    Map<String, Integer> keyLines = new TreeMap<>();
    KeyRing.Builder ring = KeyRing.builder();
    String primary = null;
    int primaryLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? "" : line.substring(0, eq).strip();
      String value = eq < 0 ? "" : line.substring(eq + 1).strip();
      if (name.equals(PRIMARY)) {
        if (primary != null) {
          throw failure(source, number, "primary is set twice (first on line " + primaryLine + ")");
        }
        primary = keyId(value, source, number);
        primaryLine = number;
      } else if (name.startsWith(KEY_PREFIX)) {
        String id = keyId(name.substring(KEY_PREFIX.length()), source, number);
        Integer first = keyLines.putIfAbsent(id, number);
        if (first != null) {
          throw failure(
              source, number, "key id " + id + " is listed twice (first on line " + first + ")");
        }
        byte[] key = decoded(id, value, source, number);
        try {
          ring.key(id, key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      } else {
        // The line itself is not repeated: it may be a key pasted without its name.
        throw failure(
            source,
            number,
            "expected 'primary = <key id>' or 'key.<key id> = <base64 of "
                + KeyRing.KEY_BYTES
                + " bytes>'");
      }
    }
    if (keyLines.isEmpty()) {
      throw new IllegalArgumentException(
          source + " lists no key: add a line 'key.<id> = <base64>'");
    }
    if (primary == null) {
      throw new IllegalArgumentException(
          source + " names no primary key: add a line 'primary = <key id>'");
    }
    if (!keyLines.containsKey(primary)) {
      throw failure(
          source,
          primaryLine,
          "the primary key " + primary + " is not listed (keys: " + keyLines.keySet() + ")");
    }
    return ring.primary(primary).build();
  }

  private static String keyId(String id, String source, int line) {
    try {
      return KeyRing.checkedKeyId(id);
    } catch (IllegalArgumentException e) {
      throw failure(source, line, KeyRing.KEY_ID_RULE);
    }
  }

  private static byte[] decoded(String id, String value, String source, int line) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw failure(source, line, "the value of key." + id + " is not base64");
    }
    if (key.length != KeyRing.KEY_BYTES) {
      int length = key.length;
      Arrays.fill(key, (byte) 0);
      throw failure(
          source,
          line,
          "key."
              + id
              + " is "
              + length
              + " bytes; a key is the base64 of "
              + KeyRing.KEY_BYTES
              + " random bytes");
    }
    return key;
  }

  private static IllegalArgumentException failure(String source, int line, String problem) {
    return new IllegalArgumentException(source + " line " + line + ": " + problem);
  }

  /**
   * A new key file line for {@code keyId}: {@code key.<keyId> = <base64 of 32 random bytes>}, from
   * a fresh {@link SecureRandom} (which may read the operating system's entropy source: not on an
   * event loop). Add it to the file, then make it the primary to rotate.
   *
   * @param keyId the new key's id
   * @return the line, without a line break
   * @throws NullPointerException when {@code keyId} is null
   * @throws IllegalArgumentException when the id breaks the key id rule
   */
  public static String newKeyLine(String keyId) {
    KeyRing.checkedKeyId(keyId);
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      return KEY_PREFIX + keyId + " = " + Base64.getEncoder().encodeToString(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Shows the path only. */
  @Override
  public String toString() {
    return "KeyFile[" + path + "]";
  }
}
