package io.sunco.oauth.boot;

import io.sunco.oauth.webflux.ConnectedAppRoutes;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Which connected app the user of a disconnect request may disconnect: a bean of the application's,
 * handed to the auto-configured {@link ConnectedAppRoutes} ({@link
 * ConnectedAppRoutes.Builder#appOfRequest}). Only the application knows its users: without this
 * bean (or with several, none {@code @Primary}) the disconnect route refuses every request ({@code
 * 403}), and a WARN at start-up says so.
 *
 * <p>Take the app from the request (a form field, say) and confirm it against the user's records: a
 * user may have connected several apps, and may name only their own. The example below reads the
 * {@code "user"} attribute, which only a {@link io.sunco.oauth.webflux.FlowAttributes} bean of the
 * application records on each connected app ({@code FlowAttributes.ofUser("user", ..)}):
 *
 * <pre>{@code
 * @Bean
 * ConnectedAppOfRequest appOfSignedInUser(ConnectedAppStore store) {
 *   return request ->
 *       Mono.zip(
 *               request.principal().map(Principal::getName),
 *               request.formData().mapNotNull(form -> form.getFirst("appId")))
 *           .flatMap(
 *               userAndApp ->
 *                   store
 *                       .find(userAndApp.getT2())
 *                       .filter(app -> userAndApp.getT1().equals(app.attributes().get("user"))))
 *           .map(ConnectedAppRecord::appId);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConnectedAppOfRequest {

  /**
   * The app the request's user may disconnect.
   *
   * @param request the disconnect request, already checked to come from the application's own site
   * @return a {@code Mono} that emits the app id, or completes empty when the request names no app
   *     its user may disconnect (the route then answers {@code 403}); an error answers {@code 500}
   */
  Mono<String> appOf(ServerRequest request);
}
