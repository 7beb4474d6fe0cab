package io.sunco.oauth.postgres;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test JVM's {@link PostgresServer}, as a JUnit extension ({@code @RegisterExtension static
 * final SharedPostgres postgres = new SharedPostgres();}): before each test it {@linkplain
 * PostgresServer#require() requires} PostgreSQL (skipped, or failed under CI, when it is missing)
 * and starts the shared server on first use. Tests keep apart by client id or by table name.
 */
final class SharedPostgres implements BeforeEachCallback {

  private @Nullable PostgresServer server;

  @Override
  public void beforeEach(ExtensionContext context) {
    PostgresServer.require();
    server = PostgresServer.shared();
  }

  /** The shared server; only inside a test. */
  PostgresServer server() {
    return Objects.requireNonNull(server, "PostgreSQL is not running");
  }
}
