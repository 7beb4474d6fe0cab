package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCode;
import java.net.URI;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * How the routes keep a flow between its start and its callback: in a state store, or in a signed
 * state with a replay guard. The browser carries one cookie value either way.
 */
interface PendingFlows {

  /**
   * Starts a flow.
   *
   * @param attributes the application's attributes to hand back at the callback
   * @return a Mono that emits the state to send and the cookie value to set
   */
  Mono<Pending> begin(Map<String, String> attributes);

  /**
   * Checks a callback; the state is burned whatever the outcome.
   *
   * @param callbackUri the callback's URI as received
   * @param cookieValue the cookie the browser presented, empty when none
   * @return a Mono that emits the code and the attributes, or errors as {@link
   *     io.sunco.oauth.callback.AuthorizationCallback} does
   */
  Mono<Verified> verify(URI callbackUri, String cookieValue);

  /** A started flow: the state to send, and the cookie value that binds it to the browser. */
  record Pending(String state, String cookieValue) {}

  /** A verified callback: the code to exchange and the attributes saved at the start. */
  record Verified(AuthorizationCode code, Map<String, String> attributes) {}
}
