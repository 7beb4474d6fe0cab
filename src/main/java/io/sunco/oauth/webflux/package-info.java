/**
 * The Spring WebFlux integration, and the only package of this library that uses Spring: {@link
 * io.sunco.oauth.webflux.SunshineOAuthRoutes} serves the start and callback routes of the Sunshine
 * Conversations OAuth flow as a {@code RouterFunction<ServerResponse>} (or as two handler
 * functions), built from a {@link io.sunco.oauth.SunshineOAuthClient}, the callback package's state
 * store and a browser nonce cookie, and hands each issued token to a {@link
 * io.sunco.oauth.webflux.TokenSink}; {@link io.sunco.oauth.webflux.ConnectedAppRoutes} serves the
 * disconnect route and the integration's {@code removeUrl} over a connected-app store. {@code
 * spring-webflux} is an optional dependency of this library: an application that uses this package
 * brings its own (Spring Framework 7.0.x, which targets Reactor 2025.0 like this library). Nothing
 * here blocks, and no answer, log line or {@code toString()} contains a code, a state, a nonce or a
 * token.
 */
@NullMarked
package io.sunco.oauth.webflux;

import org.jspecify.annotations.NullMarked;
