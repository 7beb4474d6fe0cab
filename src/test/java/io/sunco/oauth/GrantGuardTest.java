package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.testing.LogLines;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * {@link GrantGuard} on its own, with the exchange, token info and revoke as plain {@code Mono}s
 * the test controls: the orderings the emulator tests of {@code completeAuthorization} cannot
 * force.
 */
class GrantGuardTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token-value-never-logged");
  private static final TokenInfo APP = TokenInfo.of("app-1", "acme", "Acme");

  private final List<AccessToken> revoked = new CopyOnWriteArrayList<>();

  private Mono<Void> revokeRecording(AccessToken token) {
    return Mono.fromRunnable(() -> revoked.add(token));
  }

  @Test
  void runWhenCancelledBeforeTheTokenArrivesThenTheTokenIsRevokedOnArrival() {
    Sinks.One<AccessToken> exchange = Sinks.one();

    Disposable flow =
        GrantGuard.run(
                exchange.asMono(),
                token -> Mono.just(APP),
                (token, app) -> Mono.just("connected"),
                this::revokeRecording)
            .subscribe();
    flow.dispose();
    assertThat(revoked).as("nothing to revoke before the token arrives").isEmpty();

    exchange.tryEmitValue(TOKEN);

    assertThat(revoked).containsExactly(TOKEN);
  }

  @Test
  void runWhenTheFunctionCompletesThenTheTokenIsKeptAndALaterCancelRevokesNothing() {
    Sinks.One<AccessToken> exchange = Sinks.one();
    Sinks.One<String> stored = Sinks.one();
    List<String> results = new CopyOnWriteArrayList<>();

    Disposable flow =
        GrantGuard.run(
                exchange.asMono(),
                token -> Mono.just(APP),
                (token, app) -> stored.asMono(),
                this::revokeRecording)
            .subscribe(results::add);
    exchange.tryEmitValue(TOKEN);
    stored.tryEmitValue("saved");
    flow.dispose();

    assertThat(results).containsExactly("saved");
    assertThat(revoked).isEmpty();
  }

  @Test
  void runWhenTheRevokeFailsWithAForeignErrorThenTheWarningNamesOnlyItsClass() {
    IllegalStateException foreign = new IllegalStateException("jdbc:postgresql://u:pw@db/x");

    List<String> lines =
        LogLines.during(
            "io.sunco.oauth",
            () ->
                StepVerifier.create(
                        GrantGuard.run(
                            Mono.just(TOKEN),
                            token -> Mono.just(APP),
                            (token, app) -> Mono.error(new IllegalArgumentException("sink failed")),
                            token -> Mono.error(foreign)))
                    .expectErrorSatisfies(
                        error -> {
                          assertThat(error).hasMessage("sink failed");
                          assertThat(error.getSuppressed()).containsExactly(foreign);
                        })
                    .verify());

    assertThat(lines)
        .filteredOn(line -> line.startsWith("Could not revoke"))
        .singleElement()
        .asString()
        .contains("a later step failed", "java.lang.IllegalStateException")
        .doesNotContain("jdbc", "pw@", TOKEN.value());
  }

  @Test
  void runWhenTheRevokeFailsWithOurOwnErrorThenTheWarningCarriesItsMessage() {
    SunshineApiException refused =
        new SunshineApiException(Operation.REVOKE_ACCESS, 503, List.of(), null);

    List<String> lines =
        LogLines.during(
            "io.sunco.oauth",
            () ->
                StepVerifier.create(
                        GrantGuard.run(
                            Mono.just(TOKEN),
                            token -> Mono.error(new IllegalStateException("info failed")),
                            (token, app) -> Mono.just("never"),
                            token -> Mono.error(refused)))
                    .expectErrorMessage("info failed")
                    .verify());

    assertThat(lines)
        .filteredOn(line -> line.startsWith("Could not revoke"))
        .singleElement()
        .asString()
        .contains("SunshineApiException: " + refused.getMessage())
        .doesNotContain(TOKEN.value());
  }
}
