package io.sunco.oauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.SampleRecords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The contract of {@link SealedRecords}, run against every backend: each subclass supplies the
 * backend and, for a shared backend, several instances with connections of their own (the instances
 * of an application). Every test works under a client id of its own, so backends that share one
 * server across tests never see each other's records. What a backend adds (schema, key layout,
 * failures of its server) is tested in its own class.
 */
public abstract class SealedRecordsContract {

  /** Racers (and instances) in the concurrency tests. */
  private static final int RACERS = 8;

  /** A margin for one step on a loaded machine, never a measured time. */
  private static final Duration STEP = Duration.ofSeconds(30);

  /** This test's client id: no other test's records are under it. */
  protected final String clientId = "client-" + UUID.randomUUID();

  /**
   * The backend under test.
   *
   * @return the same backend on every call within a test
   */
  protected abstract SealedRecords records();

  /**
   * Instances that share the backend's records, as the instances of an application do; by default
   * the backend itself {@code count} times (in memory, the instances of one process are one map).
   *
   * @param count how many
   * @return {@code count} instances, each with its own connection where the backend has one
   */
  protected List<SealedRecords> instances(int count) {
    return Collections.nCopies(count, records());
  }

  /** A record of this test's client with every optional component set. */
  protected SealedRecord record(String appId, String sealed, Map<String, String> attributes) {
    return SampleRecords.acme(
        clientId,
        appId,
        "k1",
        sealed.getBytes(StandardCharsets.UTF_8),
        Optional.of(SampleRecords.LAST_VERIFIED_AT),
        attributes);
  }

  private SealedRecord record(String appId) {
    return record(appId, "sealed-" + appId, Map.of("user", "u-" + appId));
  }

  /**
   * Stores a record of app {@code appId} of another client, a bare one: what a query of this test's
   * client must not see.
   */
  private void storeForAnotherClient(String appId, Map<String, String> attributes) {
    records()
        .upsert(
            new SealedRecord(
                "another-" + clientId,
                appId,
                Optional.empty(),
                Optional.empty(),
                "k1",
                new byte[] {1},
                Instant.EPOCH,
                Optional.empty(),
                ConnectionStatus.CONNECTED,
                attributes,
                0))
        .block(STEP);
  }

  /** Checks that {@code find} of this test's client and {@code appId} emits {@code expected}. */
  private void assertFound(String appId, SealedRecord expected) {
    StepVerifier.create(records().find(clientId, appId))
        .assertNext(found -> assertThat(found).isEqualTo(expected))
        .verifyComplete();
  }

  private SealedRecord stored(SealedRecord record) {
    SealedRecord stored = records().upsert(record).block(STEP);
    assertThat(stored).isNotNull();
    return stored;
  }

  private static SealedRecord withoutRevision(SealedRecord record) {
    return record.withRevision(0);
  }

  @Test
  void upsertWhenNewThenFindEmitsEveryComponentAsGiven() {
    SealedRecord given = record("app-1", "sealed-1", Map.of("user", "ünïcode ✓", "tenant", "t 1"));

    SealedRecord stored = stored(given);

    assertThat(stored.revision()).isPositive();
    assertThat(withoutRevision(stored)).isEqualTo(given);
    assertFound("app-1", stored);
  }

  @Test
  void upsertWhenOptionalComponentsAreEmptyThenTheyComeBackEmpty() {
    SealedRecord given =
        new SealedRecord(
            clientId,
            "app-bare",
            Optional.empty(),
            Optional.empty(),
            "k2",
            new byte[] {0, (byte) 0xff, 10, 13},
            Instant.parse("2026-12-01T00:00:00Z"),
            Optional.empty(),
            ConnectionStatus.TOKEN_REFUSED,
            Map.of(),
            0);

    stored(given);

    StepVerifier.create(records().find(clientId, "app-bare"))
        .assertNext(found -> assertThat(withoutRevision(found)).isEqualTo(given))
        .verifyComplete();
  }

  @Test
  void findWhenNoRecordThenCompletesEmpty() {
    stored(record("app-1"));

    StepVerifier.create(records().find(clientId, "app-2")).verifyComplete();
    StepVerifier.create(records().find("another-" + clientId, "app-1")).verifyComplete();
  }

  @Test
  void upsertWhenTheAppIsStoredThenReplacedWholeWithANewRevision() {
    SealedRecord first = stored(record("app-1", "sealed-a", Map.of("user", "u1", "tenant", "t1")));
    SealedRecord second =
        new SealedRecord(
            clientId,
            "app-1",
            Optional.empty(),
            Optional.empty(),
            "k2",
            "sealed-b".getBytes(StandardCharsets.UTF_8),
            Instant.parse("2026-12-03T00:00:00Z"),
            Optional.empty(),
            ConnectionStatus.DISCONNECT_PENDING,
            Map.of("user", "u2"),
            0);

    SealedRecord stored = stored(second);

    assertThat(stored.revision()).isNotEqualTo(first.revision());
    assertThat(withoutRevision(stored)).isEqualTo(second);
    assertFound("app-1", stored);
    StepVerifier.create(records().findByAttribute(clientId, "user", "u1")).verifyComplete();
    StepVerifier.create(records().findByAttribute(clientId, "tenant", "t1")).verifyComplete();
    StepVerifier.create(records().findByAttribute(clientId, "user", "u2"))
        .assertNext(found -> assertThat(found.appId()).isEqualTo("app-1"))
        .verifyComplete();
  }

  @Test
  void findByAttributeWhenSeveralAppsThenOnlyThoseOfThisClientWithThatValue() {
    stored(record("app-1", "s1", Map.of("tenant", "t1", "user", "u1")));
    stored(record("app-2", "s2", Map.of("tenant", "t1", "user", "u2")));
    stored(record("app-3", "s3", Map.of("tenant", "t2", "user", "t1")));
    storeForAnotherClient("app-4", Map.of("tenant", "t1"));

    assertThat(appIds(records().findByAttribute(clientId, "tenant", "t1")))
        .containsExactlyInAnyOrder("app-1", "app-2");
    assertThat(appIds(records().findByAttribute(clientId, "user", "t1"))).containsExactly("app-3");
    assertThat(appIds(records().findByAttribute(clientId, "tenant", "t3"))).isEmpty();
  }

  @Test
  void listWhenManyRecordsThenEveryRecordOfThisClientOnceUnderBackpressure() {
    int count = 300;
    Flux.range(0, count).flatMap(i -> records().upsert(record("app-" + i)), 16).then().block(STEP);
    storeForAnotherClient("app-x", Map.of());

    List<String> seen = new ArrayList<>();
    StepVerifier.create(records().list(clientId), 10)
        .recordWith(ArrayList::new)
        .expectNextCount(10)
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(count - 10)
        .consumeRecordedWith(all -> all.forEach(r -> seen.add(r.appId())))
        .expectComplete()
        .verify(STEP);

    assertThat(seen).hasSize(count).doesNotHaveDuplicates().doesNotContain("app-x");
  }

  @Test
  void deleteWhenStoredThenTrueAndTheRecordIsGoneEverywhereAndWhenRepeatedThenFalse() {
    stored(record("app-1", "s1", Map.of("user", "u1")));
    stored(record("app-2", "s2", Map.of("user", "u1")));

    StepVerifier.create(records().delete(clientId, "app-1")).expectNext(true).verifyComplete();
    StepVerifier.create(records().delete(clientId, "app-1")).expectNext(false).verifyComplete();

    StepVerifier.create(records().find(clientId, "app-1")).verifyComplete();
    assertThat(appIds(records().findByAttribute(clientId, "user", "u1"))).containsExactly("app-2");
    assertThat(appIds(records().list(clientId))).containsExactly("app-2");
  }

  @Test
  void replaceIfUnchangedWhenNothingWrittenSinceThenStoredWithANewRevision() {
    SealedRecord seen = stored(record("app-1", "s1", Map.of("user", "u1")));
    SealedRecord replacement =
        new SealedRecord(
            clientId,
            "app-1",
            seen.subdomain(),
            seen.apiBaseUrl(),
            "k2",
            "s1-resealed".getBytes(StandardCharsets.UTF_8),
            seen.connectedAt(),
            Optional.of(Instant.parse("2026-12-05T00:00:00Z")),
            ConnectionStatus.TOKEN_REFUSED,
            Map.of("user", "u9"),
            0);

    SealedRecord stored = records().replaceIfUnchanged(seen, replacement).block(STEP);

    assertThat(stored).isNotNull();
    assertThat(stored.revision()).isNotEqualTo(seen.revision());
    assertThat(withoutRevision(stored)).isEqualTo(replacement);
    assertFound("app-1", stored);
    assertThat(appIds(records().findByAttribute(clientId, "user", "u1"))).isEmpty();
    assertThat(appIds(records().findByAttribute(clientId, "user", "u9"))).containsExactly("app-1");
  }

  @Test
  void replaceIfUnchangedWhenTheRecordWasWrittenSinceThenEmptyAndTheNewerRecordStays() {
    SealedRecord seen = stored(record("app-1", "s1", Map.of()));
    SealedRecord newer = stored(record("app-1", "s2", Map.of()));

    StepVerifier.create(records().replaceIfUnchanged(seen, record("app-1", "s3", Map.of())))
        .verifyComplete();

    assertFound("app-1", newer);
  }

  @Test
  void replaceIfUnchangedWhenTheRecordWasDeletedThenEmptyAndNotRecreated() {
    SealedRecord seen = stored(record("app-1"));
    records().delete(clientId, "app-1").block(STEP);

    StepVerifier.create(records().replaceIfUnchanged(seen, record("app-1", "s3", Map.of())))
        .verifyComplete();

    StepVerifier.create(records().find(clientId, "app-1")).verifyComplete();
  }

  @Test
  void conditionalWritesWhenTheAppWasDeletedAndConnectedAgainThenTheyDoNotTouchTheNewRecord() {
    SealedRecord seen = stored(record("app-1", "s1", Map.of()));
    records().delete(clientId, "app-1").block(STEP);
    SealedRecord again = stored(record("app-1", "s2", Map.of()));

    StepVerifier.create(records().replaceIfUnchanged(seen, record("app-1", "s3", Map.of())))
        .verifyComplete();
    StepVerifier.create(records().deleteIfUnchanged(seen)).expectNext(false).verifyComplete();

    assertFound("app-1", again);
  }

  @Test
  void replaceIfUnchangedWhenTheReplacementNamesAnotherAppThenIllegalArgumentException() {
    SealedRecord seen = record("app-1");

    assertThatThrownBy(() -> records().replaceIfUnchanged(seen, record("app-2")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteIfUnchangedWhenUnchangedThenTrueAndWhenWrittenSinceThenFalseAndKept() {
    SealedRecord first = stored(record("app-1", "s1", Map.of()));
    StepVerifier.create(records().deleteIfUnchanged(first)).expectNext(true).verifyComplete();
    StepVerifier.create(records().find(clientId, "app-1")).verifyComplete();

    SealedRecord seen = stored(record("app-2", "s1", Map.of()));
    SealedRecord newer = stored(record("app-2", "s2", Map.of()));
    StepVerifier.create(records().deleteIfUnchanged(seen)).expectNext(false).verifyComplete();
    assertFound("app-2", newer);
  }

  @Test
  void upsertWhenInstancesRaceForOneAppThenExactlyOneRecordIsStoredWhole() {
    List<SealedRecords> instances = instances(RACERS);
    List<SealedRecord> candidates = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      candidates.add(
          new SealedRecord(
              clientId,
              "app-1",
              Optional.of("sub" + i),
              Optional.of(URI.create("https://sub" + i + ".zendesk.com/sc")),
              "k" + i,
              ("sealed-" + i).getBytes(StandardCharsets.UTF_8),
              Instant.ofEpochMilli(1_000L * i),
              i % 2 == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(2_000L * i)),
              ConnectionStatus.values()[i % ConnectionStatus.values().length],
              Map.of("racer", "r" + i),
              0));
    }

    Flux.range(0, RACERS)
        .flatMap(i -> instances.get(i).upsert(candidates.get(i)).subscribeOn(Schedulers.parallel()))
        .then()
        .block(STEP);

    SealedRecord stored = records().find(clientId, "app-1").block(STEP);
    assertThat(stored).isNotNull();
    assertThat(candidates).contains(withoutRevision(stored));
    Set<String> indexed = new HashSet<>();
    for (int i = 0; i < RACERS; i++) {
      indexed.addAll(appIds(records().findByAttribute(clientId, "racer", "r" + i)));
      if (!appIds(records().findByAttribute(clientId, "racer", "r" + i)).isEmpty()) {
        assertThat(stored.attributes()).containsEntry("racer", "r" + i);
      }
    }
    assertThat(indexed).containsExactly("app-1");
    assertThat(appIds(records().list(clientId))).containsExactly("app-1");
  }

  @Test
  void replaceIfUnchangedWhenInstancesRaceFromOneReadThenExactlyOneWins() {
    SealedRecord seen = stored(record("app-1", "s0", Map.of()));
    List<SealedRecords> instances = instances(RACERS);

    List<Boolean> wins =
        Flux.range(0, RACERS)
            .flatMap(
                i ->
                    instances
                        .get(i)
                        .replaceIfUnchanged(seen, record("app-1", "s" + (i + 1), Map.of()))
                        .map(stored -> true)
                        .defaultIfEmpty(false)
                        .subscribeOn(Schedulers.parallel()))
            .collectList()
            .block(STEP);

    assertThat(wins).isNotNull();
    assertThat(wins.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
  }

  @Test
  void callsWhenArgumentsAreNullThenNullPointerExceptionAtCallTime() {
    assertThatThrownBy(() -> records().upsert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> records().find(clientId, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> records().findByAttribute(clientId, "user", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> records().list(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> records().delete(null, "app-1"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> records().deleteIfUnchanged(null))
        .isInstanceOf(NullPointerException.class);
  }

  private static List<String> appIds(Flux<SealedRecord> records) {
    List<String> ids = records.map(SealedRecord::appId).collectList().block(STEP);
    return ids == null ? List.of() : ids;
  }
}
