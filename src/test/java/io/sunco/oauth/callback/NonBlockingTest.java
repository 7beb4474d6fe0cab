package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.testing.BlockHoundChecks;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Everything in the package runs on Reactor's non-blocking threads under BlockHound, which the
 * blockhound-junit-platform dependency installs in every test JVM.
 */
class NonBlockingTest {

  private static final byte[] KEY = new SecureRandom().generateSeed(32);

  @Test
  void blockHoundWhenSleepingOnParallelThenReportsBlockingCall() {
    // Proves the checks below are live: BlockHound is installed and watches parallel threads.
    BlockHoundChecks.assertSleepOnParallelIsReported();
  }

  @Test
  void generateWhenRunOnParallelManyTimesThenDoesNotBlock() {
    StateGenerator generator = StateGenerator.create();

    StepVerifier.create(
            Flux.range(0, 20_000)
                .flatMap(i -> generator.generate().subscribeOn(Schedulers.parallel()))
                .count())
        .expectNext(20_000L)
        .verifyComplete();
  }

  @Test
  void nextWhenCalledOnParallelThenDoesNotBlock() {
    StateGenerator generator = StateGenerator.create();

    StepVerifier.create(
            Mono.fromCallable(generator::next)
                .repeat(999)
                .count()
                .subscribeOn(Schedulers.parallel()))
        .expectNext(1000L)
        .verifyComplete();
  }

  @Test
  void storeWhenSavingAndConsumingOnParallelThenDoesNotBlock() {
    // Large enough that no state is evicted while up to 256 saves are in flight.
    InMemoryPendingAuthorizationStore store =
        InMemoryPendingAuthorizationStore.builder().maxEntries(2_000).build();

    StepVerifier.create(
            Flux.range(0, 1_000)
                .flatMap(
                    i ->
                        store
                            .save("state-" + i, PendingAuthorization.of("b", Instant.now()))
                            .then(store.consume("state-" + i))
                            .subscribeOn(Schedulers.parallel()))
                .count())
        .expectNext(1_000L)
        .verifyComplete();
  }

  @Test
  void signedStateWhenIssuingAndVerifyingOnParallelThenDoesNotBlock() {
    SignedStateCodec codec = SignedStateCodec.create(KEY);

    StepVerifier.create(
            Flux.range(0, 1_000)
                .flatMap(
                    i ->
                        Mono.fromCallable(
                                () -> {
                                  SignedState issued = codec.issue();
                                  return codec.verify(issued.state(), issued.browserNonce());
                                })
                            .subscribeOn(Schedulers.parallel()))
                .count())
        .expectNext(1_000L)
        .verifyComplete();
  }

  @Test
  void verifyWhenRunOnParallelWithStoreThenDoesNotBlock() {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    AuthorizationCallback callback = AuthorizationCallback.usingStore(store);
    StateGenerator generator = StateGenerator.create();

    StepVerifier.create(
            generator
                .generate()
                .flatMap(
                    state ->
                        store
                            .save(
                                state,
                                PendingAuthorization.of("browser", Instant.now())
                                    .withRedirectUri(URI.create("https://app.example/cb")))
                            .then(
                                callback.verify(
                                    URI.create("https://app.example/cb?code=c0de&state=" + state),
                                    "browser")))
                .subscribeOn(Schedulers.parallel()))
        .assertNext(verified -> assertThat(verified.code().value()).isEqualTo("c0de"))
        .verifyComplete();
  }

  @Test
  void verifyWhenRunOnParallelWithSignedStateAndGuardThenDoesNotBlock() {
    SignedStateCodec codec = SignedStateCodec.create(KEY);
    AuthorizationCallback callback =
        AuthorizationCallback.usingSignedState(codec, InMemoryReplayGuard.create());

    StepVerifier.create(
            Mono.fromCallable(codec::issue)
                .flatMap(
                    issued ->
                        callback.verify(
                            java.net.URI.create("/callback?" + "code=c0de&state=" + issued.state()),
                            issued.browserNonce()))
                .subscribeOn(Schedulers.parallel()))
        .assertNext(verified -> assertThat(verified.code().value()).isEqualTo("c0de"))
        .verifyComplete();
  }

  @Test
  void verifyWhenDeniedOnParallelThenDoesNotBlock() {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    AuthorizationCallback callback = AuthorizationCallback.usingStore(store);

    StepVerifier.create(
            store
                .save("s", PendingAuthorization.of("b", Instant.now(), null, Map.of("user", "42")))
                .then(
                    callback.verify(
                        java.net.URI.create(
                            "/callback?"
                                + "error=access_denied&error_description=no%20thanks&state=s"),
                        "b"))
                .subscribeOn(Schedulers.parallel()))
        .expectError(AuthorizationDeniedException.class)
        .verify(Duration.ofSeconds(5));
  }
}
