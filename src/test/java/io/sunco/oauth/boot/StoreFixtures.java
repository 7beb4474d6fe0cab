package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;

import io.sunco.oauth.store.KeyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/**
 * What the connected-app auto-configuration tests share: key files as an operator writes them, and
 * the runners with the client, the Redis state store and the routes auto-configurations beside the
 * store's. Public so that the PostgreSQL and Redis tests (beside their servers) use them too.
 */
public final class StoreFixtures {

  /** The auto-configurations of this package, in Boot's order. */
  public static final AutoConfigurations ALL =
      AutoConfigurations.of(
          SunshineOAuthAutoConfiguration.class,
          SunshineOAuthRedisAutoConfiguration.class,
          SunshineOAuthConnectedAppsAutoConfiguration.class,
          SunshineOAuthRoutesAutoConfiguration.class);

  /** A plain (not web) application with the client's properties. */
  public static final ApplicationContextRunner RUNNER =
      new ApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.client-secret=" + SECRET);

  /** A reactive web application with the client's and the OAuth routes' properties. */
  public static final ReactiveWebApplicationContextRunner WEB_RUNNER =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.client-secret=" + SECRET,
              "sunco.oauth.routes.redirect-uri=https://app.example/oauth/sunshine/callback");

  private StoreFixtures() {}

  /**
   * Writes a key file of one key, {@code keyId}, its primary, readable by its owner only.
   *
   * @param dir where to write it
   * @param keyId the key's id
   * @return the file
   */
  public static Path keyFile(Path dir, String keyId) {
    try {
      Path file = Files.createTempFile(dir, "keys-", ".txt");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(
          file,
          "primary = " + keyId + "\n" + KeyFile.newKeyLine(keyId) + "\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The key material of a key file: the base64 after {@code =} on its key lines, which must never
   * appear in any output.
   *
   * @param file the key file
   * @return the key values as written
   */
  public static java.util.List<String> keyValues(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("key."))
          .map(line -> line.substring(line.indexOf('=') + 1).strip())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
