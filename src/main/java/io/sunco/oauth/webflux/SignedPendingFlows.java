package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.SignedState;
import io.sunco.oauth.callback.SignedStateCodec;
import java.net.URI;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Signed states that need no server-side storage but a replay guard; the cookie holds the nonce
 * and, when the flow has attributes, the attributes sealed by the codec: {@code nonce[.sealed]}.
 * Nonces are URL-safe base64, so the first dot separates the two.
 *
 * @param codec issues the states, seals the attributes
 * @param replayGuard refuses a second use of a state
 */
record SignedPendingFlows(SignedStateCodec codec, ReplayGuard replayGuard) implements PendingFlows {

  @Override
  public Mono<Pending> begin(Map<String, String> attributes) {
    return Mono.fromCallable(
        () -> {
          SignedState signed = codec.issue();
          String nonce = signed.browserNonce();
          String cookie =
              attributes.isEmpty() ? nonce : nonce + "." + codec.sealAttributes(nonce, attributes);
          return new Pending(signed.state(), cookie);
        });
  }

  @Override
  public Mono<Verified> verify(URI callbackUri, String cookieValue) {
    int dot = cookieValue.indexOf('.');
    String nonce = dot < 0 ? cookieValue : cookieValue.substring(0, dot);
    return AuthorizationCallback.usingSignedState(codec, replayGuard)
        .verify(callbackUri, nonce)
        .map(
            verified ->
                new Verified(
                    verified.code(),
                    dot < 0
                        ? Map.of()
                        : codec.openAttributes(cookieValue.substring(dot + 1), nonce)));
  }

  @Override
  public String toString() {
    return "signedStates=" + codec + ", replayGuard=" + replayGuard;
  }
}
