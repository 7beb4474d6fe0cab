package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Sealing, opening and resealing run on Reactor's non-blocking threads under BlockHound (installed
 * in every test JVM): once the ring is built, nothing reads the entropy source or a file again.
 */
class StoreNonBlockingTest {

  private final byte[] oldKey = Keys.key();
  private final InMemorySealedRecords backend = InMemorySealedRecords.create();

  private ConnectedAppStore store(KeyRing ring) {
    return ConnectedAppStore.builder().records(backend).keyRing(ring).clientId(CLIENT_ID).build();
  }

  @Test
  void connectFindAndResealWhenRunOnParallelThreadsThenNothingBlocks() {
    ConnectedAppStore old = store(Keys.ring("old", oldKey));
    KeyRing rotated = Keys.ring("new", Map.of("old", oldKey, "new", Keys.key()));
    ConnectedAppStore store = store(rotated);

    StepVerifier.create(
            Flux.range(0, 500)
                .flatMap(
                    i ->
                        old.connect(Keys.TOKEN, Keys.app("app-" + i), Map.of())
                            .then(old.find("app-" + i))
                            .subscribeOn(Schedulers.parallel()))
                .count())
        .expectNext(500L)
        .verifyComplete();
    StepVerifier.create(store.reseal().subscribeOn(Schedulers.parallel()))
        .assertNext(report -> assertThat(report.resealed()).isEqualTo(500))
        .verifyComplete();
    StepVerifier.create(store.list().subscribeOn(Schedulers.parallel()).count())
        .expectNext(500L)
        .verifyComplete();
  }
}
