package io.sunco.oauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.test.StepVerifier;

/** What the emulator saw of a revoke, and whether a token still works afterwards. */
public final class Revocations {

  private Revocations() {}

  /**
   * Every request the emulator received from now on, in order, up to and including the first {@code
   * DELETE}, waiting up to 5 s for each (a revoke after a cancellation is sent later).
   *
   * @param emulator the emulator
   * @return the requests
   * @throws InterruptedException if interrupted while waiting
   */
  public static List<RecordedRequest> requestsUntilRevoke(SunshineOAuthEmulator emulator)
      throws InterruptedException {
    return requestsUntilRevoke(emulator, Duration.ofSeconds(5));
  }

  /**
   * Every request the emulator received from now on, in order, up to and including the first {@code
   * DELETE}, waiting up to {@code quiet} for each: take it from the revoke deadline under test.
   *
   * @param emulator the emulator
   * @param quiet how long no request means no more requests
   * @return the requests
   * @throws InterruptedException if interrupted while waiting
   */
  public static List<RecordedRequest> requestsUntilRevoke(
      SunshineOAuthEmulator emulator, Duration quiet) throws InterruptedException {
    List<RecordedRequest> seen = new ArrayList<>();
    while (true) {
      Optional<RecordedRequest> next = emulator.takeRequest(quiet);
      if (next.isEmpty()) {
        return seen;
      }
      seen.add(next.get());
      if (next.get().method().equals("DELETE")) {
        return seen;
      }
    }
  }

  /**
   * Checks that the emulator received a {@code DELETE /oauth/authorization} with a Bearer token,
   * and returns that token.
   *
   * @param emulator the emulator
   * @return the revoked token
   * @throws InterruptedException if interrupted while waiting
   */
  public static AccessToken revokedToken(SunshineOAuthEmulator emulator)
      throws InterruptedException {
    List<RecordedRequest> seen = requestsUntilRevoke(emulator);
    assertThat(seen).as("requests up to a revoke").isNotEmpty();
    RecordedRequest last = seen.get(seen.size() - 1);
    assertThat(last.method()).as("the last request is a revoke").isEqualTo("DELETE");
    assertThat(last.pathWithoutQuery()).isEqualTo(SunshineOAuthEmulator.AUTHORIZATION_PATH);
    String header = last.header("Authorization").orElseThrow();
    assertThat(header).startsWith("Bearer ");
    return AccessToken.bearer(header.substring("Bearer ".length()));
  }

  /**
   * Checks that the server refuses {@code token} with {@code 401}. The emulator records a request
   * before it handles it, so a revoke just seen in its log may take a moment to take effect: the
   * check asks again for up to 5 seconds, and fails if the token still works then.
   *
   * @param client a client of the emulator
   * @param token the token
   */
  public static void assertRefused(SunshineOAuthClient client, AccessToken token) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (stillAccepted(client, token) && System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
    StepVerifier.create(client.getTokenInfo(token))
        .expectErrorSatisfies(ApiErrors.apiStatus(401))
        .verify();
  }

  private static boolean stillAccepted(SunshineOAuthClient client, AccessToken token) {
    return Boolean.TRUE.equals(
        client.getTokenInfo(token).map(info -> true).onErrorReturn(false).block());
  }

  /**
   * Checks that the server still accepts {@code token}.
   *
   * @param client a client of the emulator
   * @param token the token
   */
  public static void assertValid(SunshineOAuthClient client, AccessToken token) {
    StepVerifier.create(client.getTokenInfo(token)).expectNextCount(1).verifyComplete();
  }
}
