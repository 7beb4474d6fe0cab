package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/** The composed steps {@code login} and {@code demo} share. */
final class Flows {

  /** The deadline of a clean-up revocation: short, so that a failure is reported soon. */
  static final Duration REVOKE_DEADLINE = Duration.ofSeconds(5);

  private Flows() {}

  /** The timeouts of a clean-up revocation: {@link #REVOKE_DEADLINE} for the whole call. */
  static Timeouts revokeTimeouts() {
    return Timeouts.defaults().withCall(REVOKE_DEADLINE);
  }

  /**
   * Exchanges {@code code}, reads the token info and hands both to {@code onConnected}; when the
   * token info, the function or the subscription fails or is cancelled after the token was issued,
   * the token is revoked (best effort) before the failure is passed on.
   */
  static <T> Mono<T> completeAuthorization(
      SunshineOAuthClient client,
      String code,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected) {
    SunshineOAuthClient revoker = client.withTimeouts(revokeTimeouts());
    return Mono.usingWhen(
        client.getToken(code),
        token -> client.getTokenInfo(token).flatMap(info -> onConnected.apply(token, info)),
        token -> Mono.empty(),
        (token, error) -> revoker.revokeAccess(token).onErrorResume(e -> Mono.empty()),
        token -> revoker.revokeAccess(token).onErrorResume(e -> Mono.empty()));
  }
}
