package io.sunco.oauth.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.PendingAuthorization;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * What {@link RedisPendingAuthorizationStore} adds to the contract: the commands it sends, the keys
 * and records Redis holds, expiry by Redis's own clock, and its configuration.
 */
class RedisPendingAuthorizationStoreTest {

  private static final String STATE = "state-that-must-stay-secret-0123456789";
  private static final String BINDING = "binding-that-must-stay-secret";
  private static final String ATTRIBUTE = "attribute-that-must-stay-secret";
  private static final URI REDIRECT = URI.create("https://app.example/redirect-that-must-stay");
  private static final long TTL_MILLIS = RedisPendingAuthorizationStore.DEFAULT_TTL.toMillis();

  @RegisterExtension static final SharedRedis redis = new SharedRedis();
  private RedisPendingAuthorizationStore store;

  @BeforeEach
  void setUp() {
    store = RedisPendingAuthorizationStore.create(redis.commands(0));
  }

  private static PendingAuthorization data() {
    return PendingAuthorization.of(BINDING, Instant.parse("2026-01-01T00:00:00Z"))
        .withRedirectUri(REDIRECT)
        .withAttribute("user", ATTRIBUTE);
  }

  /** The documented key: prefix, then base64url(SHA-256(domain, 0, UTF-8(state))). */
  static byte[] keyOf(String prefix, String state) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("io.sunco.oauth.redis/state/v1/key\0".getBytes(US_ASCII));
    String digest =
        Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(state.getBytes(UTF_8)));
    return (prefix + digest).getBytes(US_ASCII);
  }

  private static RedisCommands<byte[], byte[]> admin() {
    return redis.admin();
  }

  @Nested
  class CommandsSent {

    @Test
    void saveWhenCalledThenSendsOneSetNxPxCommandAndNeitherStateNorData() throws Exception {
      try (RedisMonitor monitor = new RedisMonitor(redis.server().port())) {
        store.save(STATE, data()).block();

        List<String> seen = monitor.until(line -> line.contains("\"SET\""), Duration.ofSeconds(5));
        assertThat(seen).hasSize(1);
        String set = seen.get(0);
        assertThat(set)
            .contains("\"" + new String(keyOf("sunco-oauth:state:", STATE), US_ASCII) + "\"")
            .contains("\"NX\"")
            .contains("\"PX\" \"" + 2 * TTL_MILLIS + "\"")
            .doesNotContain(STATE, BINDING, ATTRIBUTE, REDIRECT.toString(), "user");
      }
    }

    @Test
    void consumeWhenCalledThenRunsOneScriptAndNeverSendsTheState() {
      store.save(STATE, data()).block();
      try (RedisMonitor monitor = new RedisMonitor(redis.server().port())) {
        store.consume(STATE).block();

        // Up to the script's own SET: an EVAL before it (Redis did not know the script yet on this
        // server) carries the script's text, KEEPTTL included.
        List<String> seen =
            monitor.until(
                line -> line.startsWith("0 lua]") && line.contains("KEEPTTL"),
                Duration.ofSeconds(5));
        // EVALSHA, and EVAL if Redis did not know the script yet; then the script's commands.
        assertThat(seen)
            .filteredOn(line -> !line.startsWith("0 lua]"))
            .isNotEmpty()
            .allSatisfy(line -> assertThat(line).containsAnyOf("] \"EVALSHA\"", "] \"EVAL\""));
        assertThat(seen)
            .filteredOn(line -> line.startsWith("0 lua]"))
            .extracting(line -> line.split(" ")[2])
            .containsExactly("\"GET\"", "\"PTTL\"", "\"SET\"");
        assertThat(String.join("\n", seen))
            .doesNotContain(STATE, BINDING, ATTRIBUTE, REDIRECT.toString());
      }
    }

    @Test
    void consumeWhenRedisForgotTheScriptThenLoadsItAgainAndStillConsumesOnce() {
      store.save(STATE, data()).block();
      admin().scriptFlush();

      StepVerifier.create(store.consume(STATE)).expectNext(data()).verifyComplete();
      StepVerifier.create(store.consume(STATE))
          .expectError(AuthorizationCallbackException.class)
          .verify();
    }
  }

  @Nested
  class WhatRedisHolds {

    @Test
    void saveWhenDoneThenOneKeyOfPrefixAndDigestLivingTwoTtls() throws Exception {
      store.save(STATE, data()).block();

      byte[] key = keyOf("sunco-oauth:state:", STATE);
      assertThat(redis.keys()).singleElement().isEqualTo(key);
      assertThat(admin().pttl(key)).isBetween(2 * TTL_MILLIS - 5_000, 2 * TTL_MILLIS);
    }

    @Test
    void saveWhenDoneThenRecordIsFormatOneWithRetentionAndNoReadableData() throws Exception {
      store.save(STATE, data()).block();

      byte[] record = admin().get(keyOf("sunco-oauth:state:", STATE));
      ByteBuffer header = ByteBuffer.wrap(record);
      assertThat(header.get()).as("format").isEqualTo((byte) 1);
      assertThat(header.getInt()).as("retention ms").isEqualTo((int) TTL_MILLIS);
      String raw = new String(record, UTF_8);
      assertThat(raw).doesNotContain(BINDING, ATTRIBUTE, REDIRECT.toString(), "user", STATE);
    }

    @Test
    void saveWhenSameDataTwiceThenRecordsDifferBecauseEachHasItsOwnNonce() throws Exception {
      store.save(STATE, data()).block();
      byte[] second = admin().get(keyOf("sunco-oauth:state:", STATE));
      redis.flush();
      store.save(STATE, data()).block();
      byte[] third = admin().get(keyOf("sunco-oauth:state:", STATE));

      assertThat(second).isNotEqualTo(third);
    }

    @Test
    void consumeWhenDoneThenRecordIsReplacedByTheFiveByteSpentMarkerKeepingItsTtl()
        throws Exception {
      store.save(STATE, data()).then(store.consume(STATE)).block();

      byte[] key = keyOf("sunco-oauth:state:", STATE);
      assertThat(admin().get(key)).containsExactly(0, 0, 0x09, 0x27, 0xC0);
      assertThat(admin().pttl(key)).isBetween(2 * TTL_MILLIS - 5_000, 2 * TTL_MILLIS);
    }

    @Test
    void consumeWhenExpiredThenTheDataIsDroppedAtOnce() throws Exception {
      store.save(STATE, data()).block();
      redis.elapse(Duration.ofMillis(TTL_MILLIS));

      StepVerifier.create(store.consume(STATE))
          .expectError(AuthorizationCallbackException.class)
          .verify();
      assertThat(admin().get(keyOf("sunco-oauth:state:", STATE))).hasSize(5).startsWith(0);
    }

    @Test
    void saveWhenShortTtlThenRedisDeletesTheKeyByItselfAfterTwoTtls() throws Exception {
      RedisPendingAuthorizationStore shortLived =
          RedisPendingAuthorizationStore.builder(redis.commands(0))
              .ttl(Duration.ofMillis(100))
              .build();
      shortLived.save(STATE, data()).block();
      byte[] key = keyOf("sunco-oauth:state:", STATE);
      assertThat(admin().exists(key)).isEqualTo(1L);

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (admin().exists(key) != 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      assertThat(admin().exists(key)).as("deleted by Redis").isZero();
      StepVerifier.create(shortLived.consume(STATE)).verifyComplete();
    }

    @Test
    void memoryUsageWhenOneStatePendingOrSpentThenAsTheReadmeSays() throws Exception {
      // A state as the WebFlux routes save it: 43-character state and nonce, a redirect URI.
      String state = "q0Zk3nB6v0m7sX2yJw9cT4eR1uA8dH5gL3pK6fN0bV2";
      PendingAuthorization typical =
          PendingAuthorization.of("Xy7Qm2Lk9Pz4Rt1Vb6Nc3Hs8Jd5Fg0Wa2Ue7Io4Yr1", Instant.now())
              .withRedirectUri(URI.create("https://app.example.com/oauth/sunshine/callback"));
      byte[] key = keyOf("sunco-oauth:state:", state);
      store.save(state, typical).block();
      Long pending = admin().memoryUsage(key);
      store.consume(state).block();
      Long spent = admin().memoryUsage(key);

      System.out.println("MEMORY USAGE: pending state " + pending + " bytes, spent " + spent);
      assertThat(pending).isBetween(150L, 400L);
      assertThat(spent).isLessThan(pending).isBetween(50L, 150L);
    }
  }

  @Nested
  class Records {

    @Test
    void consumeWhenRecordOfAnotherStateCopiedUnderThisKeyThenRefusesToOpenIt() throws Exception {
      store.save("other-state", data()).block();
      byte[] foreign = admin().get(keyOf("sunco-oauth:state:", "other-state"));
      admin().set(keyOf("sunco-oauth:state:", STATE), foreign, SetArgs.Builder.px(2 * TTL_MILLIS));

      StepVerifier.create(store.consume(STATE))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("not written by this library for this state"))
          .verify();
    }

    @Test
    void consumeWhenRecordAlteredThenRefusesToOpenIt() throws Exception {
      store.save(STATE, data()).block();
      byte[] key = keyOf("sunco-oauth:state:", STATE);
      byte[] record = admin().get(key);
      record[record.length - 1] ^= 1;
      admin().set(key, record, SetArgs.Builder.px(2 * TTL_MILLIS));

      StepVerifier.create(store.consume(STATE))
          .expectErrorSatisfies(
              error -> assertThat(error).isInstanceOf(IllegalStateException.class))
          .verify();
    }

    @Test
    void consumeWhenRecordOfALaterFormatThenErrorsNamingTheFormatAndBurnsIt() throws Exception {
      byte[] key = keyOf("sunco-oauth:state:", STATE);
      byte[] later = new byte[40];
      later[0] = 2;
      ByteBuffer.wrap(later, 1, 4).putInt((int) TTL_MILLIS);
      admin().set(key, later, SetArgs.Builder.px(2 * TTL_MILLIS));

      StepVerifier.create(store.consume(STATE))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("format 2"))
          .verify();
      assertThat(Arrays.copyOf(admin().get(key), 1)).containsExactly(0);
    }
  }

  @Nested
  class Configuration {

    @Test
    void createWhenDefaultsThenPrefixTtlAndTimeoutAreTheDocumentedOnes() {
      assertThat(store.prefix()).isEqualTo("sunco-oauth:state:");
      assertThat(store.ttl()).isEqualTo(Duration.ofMinutes(10));
      assertThat(store.timeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(store)
          .hasToString(
              "RedisPendingAuthorizationStore[prefix=sunco-oauth:state:, ttl=PT10M, timeout=PT2S]");
    }

    @Test
    void prefixWhenSetThenKeysUseItAndStoresOfOtherPrefixesDoNotSeeTheState() throws Exception {
      RedisPendingAuthorizationStore app1 =
          RedisPendingAuthorizationStore.builder(redis.commands(0)).prefix("app-1:").build();
      RedisPendingAuthorizationStore app2 =
          RedisPendingAuthorizationStore.builder(redis.commands(1)).prefix("app-2:").build();
      app1.save(STATE, data()).block();

      assertThat(admin().exists(keyOf("app-1:", STATE))).isEqualTo(1L);
      StepVerifier.create(app2.consume(STATE)).verifyComplete();
      StepVerifier.create(app1.consume(STATE)).expectNext(data()).verifyComplete();
    }

    @Test
    void builderWhenLimitsThenOneMillisecondAndOneDayAcceptedAndBeyondRejected() {
      var builder = RedisPendingAuthorizationStore.builder(redis.commands(0));

      assertThat(builder.ttl(Duration.ofMillis(1)).build().ttl()).isEqualTo(Duration.ofMillis(1));
      assertThat(builder.ttl(Duration.ofDays(1)).build().ttl()).isEqualTo(Duration.ofDays(1));
      assertThat(builder.timeout(Duration.ofMinutes(1)).build().timeout())
          .isEqualTo(Duration.ofMinutes(1));
      assertThat(builder.prefix("p".repeat(256)).build().prefix()).hasSize(256);
      assertThatThrownBy(() -> builder.ttl(Duration.ofNanos(999_999)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.ttl(Duration.ofDays(1).plusMillis(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(1).plusMillis(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderWhenInvalidPrefixOrNullThenThrows() {
      var builder = RedisPendingAuthorizationStore.builder(redis.commands(0));

      assertThatThrownBy(() -> builder.prefix("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.prefix("my app:"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.prefix("app\n:"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.prefix("p".repeat(257)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.prefix(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> builder.ttl(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> builder.timeout(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> RedisPendingAuthorizationStore.builder(null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
