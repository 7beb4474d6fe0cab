package io.sunco.oauth.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.internal.StoreDeadlines;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings that {@link RedisPendingAuthorizationStore.Builder} and {@link
 * RedisReplayGuard.Builder} share, once: the connection's commands, the key prefix and the deadline
 * of each command. Not thread-safe, use once.
 *
 * @param <B> the builder itself, returned by every setter
 */
abstract class RedisBuilder<B extends RedisBuilder<B>> {

  /** Default deadline of each Redis command: 2 seconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  final RedisClusterReactiveCommands<byte[], byte[]> commands;
  String prefix;
  Duration timeout = DEFAULT_TIMEOUT;

  RedisBuilder(RedisClusterReactiveCommands<byte[], byte[]> commands, String defaultPrefix) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.prefix = defaultPrefix;
  }

  /** This builder, as its own type. */
  abstract B self();

  /**
   * Sets the prefix of every key. Instances that share flows must use the same prefix (and the same
   * Redis); applications that share a Redis use different ones.
   *
   * @param prefix 1 to 256 visible ASCII characters
   * @return this builder
   * @throws NullPointerException when {@code prefix} is null
   * @throws IllegalArgumentException when empty, too long, or with a space or control character
   */
  public B prefix(String prefix) {
    this.prefix = RedisKeys.checkedPrefix(prefix);
    return self();
  }

  /**
   * Sets the deadline of each Redis command; default 2 seconds. A command that has not answered by
   * then is cancelled and the {@code Mono} errors with {@link StoreUnavailableException}.
   *
   * @param timeout the deadline, from subscription to the answer
   * @return this builder
   * @throws NullPointerException when {@code timeout} is null
   * @throws IllegalArgumentException when not positive or longer than one minute
   */
  public B timeout(Duration timeout) {
    this.timeout = StoreDeadlines.checkedTimeout(timeout);
    return self();
  }
}
