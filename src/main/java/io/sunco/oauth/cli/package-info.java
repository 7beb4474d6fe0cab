/**
 * The {@code sunco-oauth} command line, built into {@code target/sunco-oauth-cli.jar}: {@code demo}
 * runs the whole OAuth flow against an embedded emulator, {@code emulator} runs the emulator
 * standalone with an interactive consent page, and {@code login} gets a token through the browser
 * with the RFC 8252 loopback redirect, against the live service or an emulator. The entry point is
 * {@link io.sunco.oauth.cli.SuncoOAuthCli}; everything else here is package-private. It sits on top
 * of the library: nothing else depends on this package, and picocli, which it needs, is an optional
 * dependency that library users do not inherit. Only the main thread blocks; the callback server's
 * handlers never do. Nothing printed holds a client secret, a code or a token in full, except the
 * token behind {@code login --print-token}.
 */
@NullMarked
package io.sunco.oauth.cli;

import org.jspecify.annotations.NullMarked;
