/**
 * An embedded Sunshine Conversations OAuth server for demos and tests.
 *
 * <p>{@link io.sunco.oauth.emulator.SunshineOAuthEmulator} answers the four OAuth endpoints of the
 * real service ({@code GET /oauth/authorize}, {@code POST /oauth/token}, {@code GET /v2/tokenInfo},
 * {@code DELETE /oauth/authorization}) on a Reactor Netty server bound to {@code 127.0.0.1}, over
 * http or, as the service, https with a certificate made at start. It issues single-use
 * authorization codes and HS256 access tokens, shows an optional consent page, calls an
 * integration's {@code removeUrl} on revocation and when an admin removes the integration ({@link
 * io.sunco.oauth.emulator.SunshineOAuthEmulator#removeIntegration(String, String)}, also from
 * another process through an admin endpoint), records every request it receives ({@link
 * io.sunco.oauth.emulator.RecordedRequest}) and can be scripted to fail on purpose ({@link
 * io.sunco.oauth.emulator.ScriptedResponse}): rate limits, delays, dropped connections. It accepts
 * API keys ({@link io.sunco.oauth.emulator.ApiKey}) on revocation, parses requests as strictly as a
 * service, caps request bodies and its request log, and reports each handled request to an optional
 * listener ({@link io.sunco.oauth.emulator.HandledRequest}). What it does and does not emulate is
 * listed on {@link io.sunco.oauth.emulator.SunshineOAuthEmulator}. All request handling is
 * non-blocking; the emulator shares no code with the client it tests.
 */
@NullMarked
package io.sunco.oauth.emulator;

import org.jspecify.annotations.NullMarked;
