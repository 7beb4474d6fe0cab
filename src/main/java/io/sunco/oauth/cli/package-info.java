/**
 * The {@code sunco-oauth} command line, built into {@code target/sunco-oauth-cli.jar}: {@code
 * authorize-url}, {@code token}, {@code info} and {@code revoke} are thin layers over the library's
 * calls; {@code login} gets a token through the browser with the RFC 8252 loopback redirect,
 * against the live service or an emulator; {@code demo} runs the whole OAuth flow against an
 * embedded emulator; {@code emulator} runs the emulator standalone and {@code emulator-remove}
 * removes the integration on it as an admin; {@code store-reseal} reseals a connected-app store
 * (PostgreSQL or Redis: the jar carries Lettuce and r2dbc-postgresql, used by {@code StoreUrl}
 * alone). The entry point is {@link io.sunco.oauth.cli.SuncoOAuthCli}, which also states the exit
 * code contract every command keeps; everything else here is package-private. It sits on top of the
 * library: nothing else depends on this package, and picocli, which it needs, is an optional
 * dependency that library users do not inherit. Only the main thread (and, in {@code emulator}, the
 * emulator's listener thread) blocks; the callback server's handlers never do. Secrets and tokens
 * are read from environment variables, never from arguments, and nothing printed holds a client
 * secret, a code or a token in full, except the token behind {@code --show-token}.
 */
@NullMarked
package io.sunco.oauth.cli;

import org.jspecify.annotations.NullMarked;
