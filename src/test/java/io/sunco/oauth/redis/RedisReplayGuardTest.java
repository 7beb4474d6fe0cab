package io.sunco.oauth.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.sync.RedisCommands;
import io.sunco.oauth.testing.MutableClock;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * What {@link RedisReplayGuard} adds to the contract: the one command it sends, the key and value
 * Redis holds and how long, and its configuration.
 */
class RedisReplayGuardTest {

  private static final String REPLAY_KEY = "replay-key-that-must-stay-secret";

  @RegisterExtension static final SharedRedis redis = new SharedRedis();
  private final MutableClock clock = MutableClock.atEpochDay();
  private final Instant inTenMinutes = clock.instant().plus(Duration.ofMinutes(10));
  private RedisReplayGuard guard;

  @BeforeEach
  void setUp() {
    guard = RedisReplayGuard.builder(redis.commands(0)).clock(clock).build();
  }

  private static RedisCommands<byte[], byte[]> admin() {
    return redis.admin();
  }

  /** The documented key: prefix, then base64url(SHA-256(domain, 0, UTF-8(replay key))). */
  private static byte[] keyOf(String prefix, String replayKey) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("io.sunco.oauth.redis/used/v1/key\0".getBytes(US_ASCII));
    return (prefix
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sha.digest(replayKey.getBytes(UTF_8))))
        .getBytes(US_ASCII);
  }

  @Test
  void markUsedWhenCalledThenSendsOneSetNxPxWithTheDigestNeverTheReplayKey() throws Exception {
    try (RedisMonitor monitor = new RedisMonitor(redis.server().port())) {
      guard.markUsed(REPLAY_KEY, inTenMinutes).block();

      List<String> seen = monitor.until(line -> line.contains("\"SET\""), Duration.ofSeconds(5));
      assertThat(seen)
          .singleElement()
          .asString()
          .contains("\"" + new String(keyOf("sunco-oauth:used:", REPLAY_KEY), US_ASCII) + "\"")
          .contains("\"\\x01\"", "\"NX\"", "\"PX\" \"660000\"")
          .doesNotContain(REPLAY_KEY);
    }
  }

  @Test
  void markUsedWhenDoneThenRedisKeepsTheKeyUntilTheSkewAfterExpiry() throws Exception {
    guard.markUsed(REPLAY_KEY, inTenMinutes).block();

    byte[] key = keyOf("sunco-oauth:used:", REPLAY_KEY);
    assertThat(admin().get(key)).containsExactly(1);
    assertThat(admin().pttl(key)).isBetween(660_000L - 5_000, 660_000L);
  }

  @Test
  void markUsedWhenExpiryAlreadyPastThenKeptForTheSkewOnly() throws Exception {
    guard.markUsed(REPLAY_KEY, clock.instant().minus(Duration.ofDays(1))).block();

    assertThat(admin().pttl(keyOf("sunco-oauth:used:", REPLAY_KEY)))
        .isBetween(60_000L - 5_000, 60_000L);
  }

  @Test
  void markUsedWhenExpiryFarAwayThenKeptAtMostOneDayPlusTheSkew() throws Exception {
    guard.markUsed(REPLAY_KEY, Instant.MAX).block();

    assertThat(admin().pttl(keyOf("sunco-oauth:used:", REPLAY_KEY)))
        .isBetween(RedisReplayGuard.MAX_KEEP.toMillis() - 5_000, 86_460_000L);
  }

  @Test
  void keepMillisWhenSubMillisecondLeftThenRoundsUp() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(RedisReplayGuard.keepMillis(now.plusNanos(1), now)).isEqualTo(60_001L);
    assertThat(RedisReplayGuard.keepMillis(now.plusMillis(1), now)).isEqualTo(60_001L);
    assertThat(RedisReplayGuard.keepMillis(now, now)).isEqualTo(60_000L);
    assertThat(RedisReplayGuard.keepMillis(now.plus(Duration.ofDays(1)), now))
        .isEqualTo(86_460_000L);
    assertThat(RedisReplayGuard.keepMillis(now.plus(Duration.ofDays(1)).plusMillis(1), now))
        .isEqualTo(86_460_000L);
  }

  @Test
  void prefixWhenSetThenKeysUseItAndGuardsOfOtherPrefixesDoNotSeeTheKey() throws Exception {
    RedisReplayGuard app1 =
        RedisReplayGuard.builder(redis.commands(0)).prefix("app-1:").clock(clock).build();
    RedisReplayGuard app2 =
        RedisReplayGuard.builder(redis.commands(1)).prefix("app-2:").clock(clock).build();

    StepVerifier.create(app1.markUsed(REPLAY_KEY, inTenMinutes)).expectNext(true).verifyComplete();
    StepVerifier.create(app2.markUsed(REPLAY_KEY, inTenMinutes)).expectNext(true).verifyComplete();
    assertThat(admin().exists(keyOf("app-1:", REPLAY_KEY), keyOf("app-2:", REPLAY_KEY)))
        .isEqualTo(2L);
  }

  @Test
  void createWhenDefaultsThenPrefixAndTimeoutAreTheDocumentedOnes() {
    RedisReplayGuard defaults = RedisReplayGuard.create(redis.commands(0));

    assertThat(defaults.prefix()).isEqualTo("sunco-oauth:used:");
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults).hasToString("RedisReplayGuard[prefix=sunco-oauth:used:, timeout=PT2S]");
  }

  @Test
  void builderWhenInvalidSettingsThenThrows() {
    var builder = RedisReplayGuard.builder(redis.commands(0));

    assertThat(builder.timeout(Duration.ofMillis(1)).build().timeout())
        .isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> builder.prefix("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.prefix("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedisReplayGuard.builder(null))
        .isInstanceOf(NullPointerException.class);
  }
}
