package io.sunco.oauth.webflux;

import java.util.Map;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The application's own context of a flow: what it attaches to the pending state when the flow
 * starts (its signed-in user's id, a tenant), handed back in {@link ConnectedApp#attributes()} at
 * the callback; and, before the code is exchanged, whether the callback's request still belongs to
 * the session that started the flow.
 *
 * <p>With a state store the attributes are kept server-side in the {@link
 * io.sunco.oauth.callback.StateData StateData}. With signed states they travel in the nonce cookie,
 * sealed by the {@link io.sunco.oauth.callback.SignedStateCodec SignedStateCodec}: protected
 * against change, bound to the browser, but readable by it, so put no secret in them. Both methods
 * run on an event loop and must not block.
 */
public interface FlowAttributes {

  /** Most attributes one flow may carry: {@value}. */
  int MAX_ATTRIBUTES = 16;

  /**
   * The attributes to attach to a flow that {@code request} starts.
   *
   * @param request the start route's request
   * @return a {@code Mono} that emits the attributes (at most {@value #MAX_ATTRIBUTES}; completes
   *     empty for none), or errors to refuse the start (the browser gets a {@code 500} page)
   */
  Mono<Map<String, String>> atStart(ServerRequest request);

  /**
   * Whether {@code request}, a callback whose state verified, may complete the flow that started
   * with {@code attributes}; for example, whether the user signed in now is the one who started it.
   * By default every callback may.
   *
   * @param request the callback route's request
   * @param attributes what {@link #atStart} attached when the flow started
   * @return a {@code Mono} that emits {@code true} to go on, or {@code false} to refuse the
   *     callback with a {@code 403} page without exchanging the code; an error or an empty {@code
   *     Mono} also refuses it, with a {@code 500} page
   */
  default Mono<Boolean> stillMatches(ServerRequest request, Map<String, String> attributes) {
    return Mono.just(Boolean.TRUE);
  }
}
