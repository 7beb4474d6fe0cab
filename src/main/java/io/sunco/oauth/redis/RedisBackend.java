package io.sunco.oauth.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.time.Duration;

/**
 * The one home of what the state store, the replay guard and the connected-app records share once
 * built: the caller's connection (never closed here), the key prefix and the deadline of each
 * command, their accessors, and a {@code toString()} that shows the settings only.
 */
abstract class RedisBackend {

  /** The caller's commands; never closed by this library. */
  final RedisClusterReactiveCommands<byte[], byte[]> commands;

  /** The deadline of each command. */
  final Duration timeout;

  private final String prefix;

  RedisBackend(RedisBuilder<?> builder) {
    this.commands = builder.commands;
    this.prefix = builder.prefix;
    this.timeout = builder.timeout;
  }

  /**
   * The prefix of every key this object writes, as its builder's {@code prefix(String)} accepted
   * it.
   *
   * @return the prefix, 1 to 256 visible ASCII characters (without a brace for {@link
   *     RedisSealedRecords}, which puts a Redis Cluster hash tag after it)
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The deadline of each Redis command.
   *
   * @return the timeout, positive and at most one minute
   */
  public Duration timeout() {
    return timeout;
  }

  /** The settings a subclass shows between the prefix and the timeout; none by default. */
  String moreSettings() {
    return "";
  }

  /** Shows the configuration, never a key, a state, a record or the connection. */
  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[prefix="
        + prefix
        + moreSettings()
        + ", timeout="
        + timeout
        + "]";
  }
}
