package io.sunco.oauth.boot;

import io.sunco.oauth.webflux.ConnectedAppRoutes;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Which connected app the user of a disconnect request may disconnect: a bean of the application's,
 * handed to the auto-configured {@link ConnectedAppRoutes} ({@link
 * ConnectedAppRoutes.Builder#appOfRequest}). Only the application knows its users: without this
 * bean the disconnect route refuses every request ({@code 403}), and a WARN at start-up says so.
 *
 * <pre>{@code
 * @Bean
 * ConnectedAppOfRequest appOfSignedInUser(ConnectedAppStore store) {
 *   return request ->
 *       request
 *           .principal()
 *           .map(Principal::getName)
 *           .flatMap(user -> store.findByAttribute("user", user).next())
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
