package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Key rotation: {@link ConnectedAppStore#reseal()} moves every record to the primary key, counts
 * what it did, and when it is stopped half-way (a backend error, a cancel, a record that does not
 * open) loses nothing: every record still opens, and a second run finishes the work.
 */
class ResealTest {

  private static final int APPS = 20;

  private final byte[] oldKey = Keys.key();
  private final byte[] newKey = Keys.key();
  private final KeyRing before = Keys.ring("old", oldKey);
  private final KeyRing rotated = Keys.ring("new", Map.of("old", oldKey, "new", newKey));
  private final InterceptedRecords backend = new InterceptedRecords();
  private final Map<String, AccessToken> tokens = new HashMap<>();

  private ConnectedAppStore store(KeyRing ring) {
    return ConnectedAppStore.builder().records(backend).keyRing(ring).clientId(CLIENT_ID).build();
  }

  /** {@link #APPS} apps connected under the old key alone. */
  private void connectUnderTheOldKey() {
    ConnectedAppStore old = store(before);
    for (int i = 0; i < APPS; i++) {
      String appId = "app-" + i;
      tokens.put(appId, Keys.token(appId));
      old.connect(tokens.get(appId), Keys.app(appId), Map.of("user", "u" + i)).block();
    }
  }

  private List<SealedRecord> stored() {
    List<SealedRecord> records = backend.memory.list(CLIENT_ID).collectList().block();
    assertThat(records).isNotNull();
    return records;
  }

  private long underTheNewKey() {
    return stored().stream().filter(record -> record.keyId().equals("new")).count();
  }

  /** Every app is there once, and opens under {@code ring} to the token it was connected with. */
  private void assertEveryRecordOpens(KeyRing ring) {
    List<ConnectedAppRecord> records = store(ring).list().collectList().block();
    assertThat(records).isNotNull().hasSize(tokens.size());
    for (ConnectedAppRecord record : records) {
      assertThat(record.token()).as(record.appId()).isEqualTo(tokens.get(record.appId()));
    }
  }

  @Test
  void resealWhenEveryRecordIsUnderTheOldKeyThenAllMoveToThePrimaryAndOpenWithoutTheOldKey() {
    connectUnderTheOldKey();

    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS, 0, 0))
        .verifyComplete();

    assertThat(underTheNewKey()).isEqualTo(APPS);
    assertEveryRecordOpens(Keys.ring("new", newKey));
    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, 0, APPS, 0))
        .verifyComplete();
  }

  @Test
  void resealWhenTheRecordsAreResealedThenOnlyTheKeyAndSealedBytesChange() {
    connectUnderTheOldKey();
    SealedRecord seen = backend.memory.find(CLIENT_ID, "app-3").block();

    store(rotated).reseal().block();

    SealedRecord after = backend.memory.find(CLIENT_ID, "app-3").block();
    assertThat(seen).isNotNull();
    assertThat(after).isNotNull();
    assertThat(after.keyId()).isEqualTo("new");
    assertThat(after.sealedToken()).isNotEqualTo(seen.sealedToken());
    assertThat(Keys.with(after, "old", seen.sealedToken()).withRevision(seen.revision()))
        .isEqualTo(seen);
  }

  @Test
  void resealWhenTheBackendFailsAtWriteSixThenNothingIsLostAndASecondResealFinishes() {
    connectUnderTheOldKey();
    backend.hook =
        (call, seen, write) ->
            call == 6
                ? Mono.error(
                    StoreUnavailableException.failed(Operation.SAVE, new RuntimeException()))
                : write;

    StepVerifier.create(store(rotated).reseal())
        .expectError(StoreUnavailableException.class)
        .verify();

    // The in-memory writes complete as they are asked for: five are done, the sixth failed.
    long done = underTheNewKey();
    assertThat(done).isEqualTo(5);
    assertEveryRecordOpens(rotated);

    backend.hook = (call, seen, write) -> write;
    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS - done, done, 0))
        .verifyComplete();
    assertThat(underTheNewKey()).isEqualTo(APPS);
    assertEveryRecordOpens(Keys.ring("new", newKey));
  }

  @Test
  void resealWhenCancelledWithWritesInFlightThenNothingIsLostAndASecondResealFinishes() {
    connectUnderTheOldKey();
    // From the eighth write on, writes never answer: the process is killed with four in flight.
    backend.hook = (call, seen, write) -> call >= 8 ? Mono.never() : write;

    StepVerifier.create(store(rotated).reseal())
        .expectSubscription()
        .then(
            () ->
                assertThat(backend.replaces.get())
                    .isBetween(8, 7 + ConnectedAppStore.DEFAULT_RESEAL_CONCURRENCY))
        .thenCancel()
        .verify();

    assertThat(underTheNewKey()).isEqualTo(7);
    assertEveryRecordOpens(rotated);

    backend.hook = (call, seen, write) -> write;
    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS - 7, 7, 0))
        .verifyComplete();
    assertEveryRecordOpens(Keys.ring("new", newKey));
  }

  @Test
  void resealWhenAWriteLandsButItsAnswerIsLostThenTheRerunCountsItAsCurrent() {
    connectUnderTheOldKey();
    // The backend stores the third write, then the connection drops before the answer.
    backend.hook =
        (call, seen, write) ->
            call == 3
                ? write.then(
                    Mono.error(
                        StoreUnavailableException.failed(Operation.SAVE, new RuntimeException())))
                : write;

    StepVerifier.create(store(rotated).reseal())
        .expectError(StoreUnavailableException.class)
        .verify();
    assertThat(underTheNewKey()).isEqualTo(3);

    backend.hook = (call, seen, write) -> write;
    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS - 3, 3, 0))
        .verifyComplete();
  }

  /** Connects app-stray under a key the rotated ring lacks, as another instance would; its key. */
  private byte[] connectStray() {
    byte[] strayKey = Keys.key();
    AccessToken strayToken = Keys.token("app-stray");
    store(Keys.ring("stray", strayKey))
        .connect(strayToken, Keys.app("app-stray"), Map.of())
        .block();
    tokens.put("app-stray", strayToken);
    return strayKey;
  }

  /** The old, the new (primary) and the stray key. */
  private KeyRing allKeys(byte[] strayKey) {
    return KeyRing.builder()
        .key("old", oldKey)
        .key("new", newKey)
        .key("stray", strayKey)
        .primary("new")
        .build();
  }

  @Test
  void resealWhenARecordsKeyIsMissingThenStopsNamingKeyAndAppAndLosesNothing() {
    connectUnderTheOldKey();
    // One app was connected by an instance whose ring had a key this ring lacks.
    byte[] strayKey = connectStray();
    AccessToken strayToken = tokens.get("app-stray");
    SealedRecord strayBefore = backend.memory.find(CLIENT_ID, "app-stray").block();

    StepVerifier.create(store(rotated).reseal())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(SealedTokenException.class);
              SealedTokenException sealed = (SealedTokenException) e;
              assertThat(sealed.reason()).isEqualTo(SealedTokenException.Reason.UNKNOWN_KEY);
              assertThat(sealed.keyId()).isEqualTo("stray");
              assertThat(sealed.appId()).isEqualTo("app-stray");
              assertThat(sealed.getMessage())
                  .contains("key stray", "app app-stray", "[new, old]")
                  .doesNotContain(strayToken.value());
            })
        .verify();

    // Nothing was deleted or rewritten: the stray record is as it was, and with every key in the
    // ring every record opens to its token.
    SealedRecord strayAfter = backend.memory.find(CLIENT_ID, "app-stray").block();
    assertThat(strayAfter).isNotNull();
    assertThat(strayBefore).isNotNull();
    assertThat(strayAfter.sameStoredState(strayBefore)).isTrue();
    assertEveryRecordOpens(allKeys(strayKey));
  }

  @Test
  void resealWhenTheMissingKeyIsAddedThenTheRerunFinishes() {
    connectUnderTheOldKey();
    byte[] strayKey = connectStray();
    StepVerifier.create(store(rotated).reseal()).expectError(SealedTokenException.class).verify();
    long done = underTheNewKey();

    KeyRing completed = allKeys(strayKey);
    StepVerifier.create(store(completed).reseal())
        .expectNext(new ResealReport(APPS + 1, APPS + 1 - done, done, 0))
        .verifyComplete();

    assertEveryRecordOpens(Keys.ring("new", newKey));
  }

  @Test
  void resealWhenAnAppIsSavedBetweenReadAndWriteThenTheSaveIsKeptAndCounted() {
    connectUnderTheOldKey();
    AccessToken reconnected = Keys.token("app-4");
    ConnectedAppStore instance = store(rotated);
    // Another instance connects app-4 again after the reseal read it and before it writes.
    backend.hook =
        (call, seen, write) ->
            seen.appId().equals("app-4")
                ? instance
                    .connect(reconnected, Keys.app("app-4"), Map.of("user", "new-user"))
                    .then(write)
                : write;

    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS - 1, 0, 1))
        .verifyComplete();

    tokens.put("app-4", reconnected);
    assertEveryRecordOpens(Keys.ring("new", newKey));
    StepVerifier.create(store(rotated).find("app-4"))
        .assertNext(record -> assertThat(record.attributes()).containsEntry("user", "new-user"))
        .verifyComplete();
  }

  @Test
  void resealWhenAnAppIsDeletedBetweenReadAndWriteThenItStaysDeleted() {
    connectUnderTheOldKey();
    ConnectedAppStore instance = store(rotated);
    backend.hook =
        (call, seen, write) ->
            seen.appId().equals("app-7") ? instance.delete("app-7").then(write) : write;

    StepVerifier.create(store(rotated).reseal())
        .expectNext(new ResealReport(APPS, APPS - 1, 0, 1))
        .verifyComplete();

    StepVerifier.create(instance.find("app-7")).verifyComplete();
    assertThat(stored()).hasSize(APPS - 1);
  }

  @Test
  void resealWhenWritesDoNotAnswerThenAtMostTheConcurrencyAreAskedFor() {
    connectUnderTheOldKey();
    backend.hook = (call, seen, write) -> Mono.never();

    StepVerifier.create(store(rotated).reseal())
        .expectSubscription()
        .then(
            () ->
                assertThat(backend.replaces.get())
                    .isEqualTo(ConnectedAppStore.DEFAULT_RESEAL_CONCURRENCY))
        .thenCancel()
        .verify();

    backend.replaces.set(0);
    ConnectedAppStore oneAtATime =
        ConnectedAppStore.builder()
            .records(backend)
            .keyRing(rotated)
            .clientId(CLIENT_ID)
            .resealConcurrency(1)
            .build();
    StepVerifier.create(oneAtATime.reseal())
        .expectSubscription()
        .then(() -> assertThat(backend.replaces.get()).isEqualTo(1))
        .thenCancel()
        .verify();
    assertEveryRecordOpens(rotated);
  }
}
