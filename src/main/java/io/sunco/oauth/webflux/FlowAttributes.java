package io.sunco.oauth.webflux;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The application's own context of a flow: what it attaches to the pending state when the flow
 * starts (its signed-in user's id, a tenant), handed back in {@link ConnectedApp#attributes()} at
 * the callback; and, before the code is exchanged, whether the callback's request comes from the
 * user who started the flow.
 *
 * <p><b>Same user by default.</b> {@link #stillMatches} derives the attributes again from the
 * callback's request with {@link #atStart} and refuses the callback ({@code 403}, nothing
 * exchanged) when they differ or are missing. Without that check, an attacker who can set a cookie
 * for the application's host (a sibling subdomain can) could start a flow as themselves, plant
 * their nonce cookie in a victim's browser and send the victim to their consent URL: the victim
 * would connect <em>their</em> app, and the token would be stored under the attacker's user
 * (account-linking CSRF, RFC 9700 §4.7). So {@link #atStart} must derive its attributes from the
 * signed-in session alone (the same session gives the same attributes); to compare one attribute
 * only, use {@link #ofUser}; to give the check up, say so with {@link #completableByAnyUser}.
 *
 * <p>With a state store the attributes are kept server-side in the {@link
 * io.sunco.oauth.callback.PendingAuthorization PendingAuthorization}. With signed states they
 * travel in the nonce cookie, sealed by the {@link io.sunco.oauth.callback.SignedStateCodec
 * SignedStateCodec}: protected against change, bound to the browser, but readable by it, so put no
 * secret in them. Both methods run on an event loop and must not block.
 */
@FunctionalInterface
public interface FlowAttributes {

  /** Most attributes one flow may carry: {@value}. */
  int MAX_ATTRIBUTES = 16;

  /**
   * The attributes to attach to a flow that {@code request} starts; called again on the callback's
   * request by the default {@link #stillMatches}, so it runs twice per flow: any side effect it has
   * (a session touched, a counter) happens twice.
   *
   * @param request the start route's request (or the callback's, from {@link #stillMatches})
   * @return a {@code Mono} that emits the attributes (at most {@value #MAX_ATTRIBUTES}; completes
   *     empty for none), or errors to refuse the start (the browser gets a {@code 500} page)
   */
  Mono<Map<String, String>> atStart(ServerRequest request);

  /**
   * Whether {@code request}, a callback whose state verified, may complete the flow that started
   * with {@code attributes}. By default it calls {@link #atStart} with the callback's request (so
   * any side effect of {@link #atStart} happens again) and goes on only when that emits exactly the
   * attributes saved at the start. It refuses a callback whose user differs; whose user is missing
   * (signed out: {@link #atStart} completes empty or errors, the error's type then goes on the log
   * line); and any callback of a flow that started with no attributes (nobody signed in), which
   * binds no user and so could be completed by anybody's browser.
   *
   * @param request the callback route's request
   * @param attributes what {@link #atStart} attached when the flow started
   * @return a {@code Mono} that emits {@code true} to go on, or {@code false} to refuse the
   *     callback with a {@code 403} page without exchanging the code; an error or an empty {@code
   *     Mono} of an override also refuses it, with a {@code 500} page
   */
  default Mono<Boolean> stillMatches(ServerRequest request, Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return Mono.just(Boolean.FALSE);
    }
    return Mono.defer(() -> Objects.requireNonNull(atStart(request), "atStart returned null"))
        .defaultIfEmpty(Map.of())
        .map(attributes::equals)
        // Apps error in atStart when there is no session: a missing user, not our failure.
        .onErrorMap(error -> Failure.OTHER_SESSION.stopping(error, false));
  }

  /**
   * Attributes of one entry, {@code name} to the signed-in user's id, compared on the callback as
   * {@link #stillMatches} describes: a callback without a user, or with another, is refused.
   *
   * @param name the attribute's name, for example {@code "userId"}
   * @param user a {@code Mono} that emits the id of the user signed in on a request, or completes
   *     empty when nobody is (the start then attaches nothing, and the callback of such a flow is
   *     refused, as is the callback of a flow started by a user when nobody is signed in now)
   * @return the flow attributes
   * @throws NullPointerException if an argument is null
   */
  static FlowAttributes ofUser(String name, Function<ServerRequest, Mono<String>> user) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
    return request ->
        Objects.requireNonNull(user.apply(request), "the user function returned null")
            .map(id -> Map.of(name, id));
  }

  /**
   * Attributes that any user's callback may complete: {@link #stillMatches} always goes on. This
   * gives up the protection described on this interface: a planted nonce cookie then lets another
   * user's consent be stored under the attributes of the user who started the flow. Use it only
   * when the attributes name no user (a tenant fixed by the host, say), or the sink checks the user
   * itself.
   *
   * @param atStart the attributes to attach at the start
   * @return the flow attributes, without the same-user check
   * @throws NullPointerException if {@code atStart} is null
   */
  static FlowAttributes completableByAnyUser(
      Function<ServerRequest, Mono<Map<String, String>>> atStart) {
    Objects.requireNonNull(atStart, "atStart");
    return new FlowAttributes() {
      @Override
      public Mono<Map<String, String>> atStart(ServerRequest request) {
        return atStart.apply(request);
      }

      @Override
      public Mono<Boolean> stillMatches(ServerRequest request, Map<String, String> attributes) {
        return Mono.just(Boolean.TRUE);
      }
    };
  }
}
