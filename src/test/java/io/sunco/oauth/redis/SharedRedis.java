package io.sunco.oauth.redis;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisHarness} per test class, as a JUnit extension ({@code @RegisterExtension static
 * final SharedRedis redis = new SharedRedis();}): started before the class's own {@code @BeforeAll}
 * methods when redis-server is installed, emptied before each test (which {@linkplain
 * RedisServer#require() requires} it: skipped, or failed under CI, when it is missing), closed
 * after the class.
 */
final class SharedRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private @Nullable RedisHarness harness;

  /** The class that started the harness: its {@code @Nested} classes share it. */
  private @Nullable String owner;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner == null) {
      owner = context.getUniqueId();
      harness = RedisHarness.startIfAvailable();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RedisServer.require();
    flush();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(owner)) {
      owner = null;
      if (harness != null) {
        harness.close();
        harness = null;
      }
    }
  }

  /** Whether redis-server was found and started for this class. */
  boolean isStarted() {
    return harness != null;
  }

  /** The harness; only while the class runs and redis-server is installed. */
  RedisHarness harness() {
    return Objects.requireNonNull(harness, "redis-server is not running");
  }

  /** {@link RedisHarness#commands(int)}. */
  RedisReactiveCommands<byte[], byte[]> commands(int i) {
    return harness().commands(i);
  }

  /** {@link RedisHarness#admin()}. */
  RedisCommands<byte[], byte[]> admin() {
    return harness().admin();
  }

  /** {@link RedisHarness#elapse(Duration)}. */
  void elapse(Duration duration) {
    harness().elapse(duration);
  }

  /** {@link RedisHarness#flush()}. */
  void flush() {
    harness().flush();
  }

  /** {@link RedisHarness#keys()}. */
  List<byte[]> keys() {
    return harness().keys();
  }

  /** The server of the harness. */
  RedisServer server() {
    return harness().server;
  }
}
