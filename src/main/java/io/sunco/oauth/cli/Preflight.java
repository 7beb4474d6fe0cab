package io.sunco.oauth.cli;

import io.netty.channel.ChannelOption;
import io.sunco.oauth.internal.UntrustedText;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.Exceptions;
import reactor.netty.http.client.HttpClient;

/**
 * The check {@code login} makes before it waits for a browser: one {@code GET} of the very
 * authorize URL the browser will open, redirects not followed. It spends nothing: no code is
 * exchanged, no token issued, and the live service answers it with a redirect to its sign-in page.
 * It fails fast when nothing listens at the base URL, when the TLS handshake fails, or when the
 * authorize endpoint refuses the request (an unknown client id or redirect URI gets a 4xx from the
 * emulator; what the live service answers to those is unknown, and when it is not an error the
 * browser shows it instead). It goes through Reactor Netty, the library's own transport: no second
 * HTTP stack.
 */
final class Preflight {

  /** The longest the check may take: {@code login} should fail within a few seconds. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private Preflight() {}

  /**
   * Checks that the authorize endpoint answers {@code authorizeUrl} with anything but an error,
   * through {@code http} (a client without a pool, with the TLS trust of {@code --ca-file} if
   * given). Blocks: main thread only.
   *
   * @throws CliFailure exit {@value SuncoOAuthCli#EXIT_NETWORK} when it cannot be reached in {@code
   *     wait}, {@value SuncoOAuthCli#EXIT_SERVER_ERROR} when it answers 4xx or 5xx; both name the
   *     host and port
   */
  static void check(HttpClient http, URI authorizeUrl, Duration wait) {
    String hostPort = hostPort(authorizeUrl);
    Integer status;
    try {
      status =
          http.followRedirect(false)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) wait.toMillis())
              .responseTimeout(wait)
              .get()
              .uri(authorizeUrl)
              // The page itself is not needed; only its status.
              .responseSingle((response, body) -> body.then().thenReturn(response.status().code()))
              .timeout(wait)
              .block();
    } catch (RuntimeException e) {
      throw unreachable(
          e,
          "the authorize endpoint",
          hostPort,
          wait,
          "is the base URL right, and is the service or emulator running?");
    }
    if (status == null || status >= 400) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_SERVER_ERROR,
          "the authorize endpoint at "
              + hostPort
              + " refused the request: HTTP "
              + status
              + ". Is the client id registered there, with the redirect URI this login uses?");
    }
  }

  /**
   * The one line, and exit {@value SuncoOAuthCli#EXIT_NETWORK}, of a raw Reactor Netty call that
   * got no answer: a failed TLS handshake (with its hint), a deadline of {@code wait} that ran out,
   * or the cause's type and message (cleaned) otherwise, followed by {@code advice}.
   *
   * @param failure what the blocked call threw
   * @param what what was called, such as "the authorize endpoint"
   * @param hostPort where it was called
   * @param wait the deadline of the call
   * @param advice what to check, after the cause
   */
  static CliFailure unreachable(
      RuntimeException failure, String what, String hostPort, Duration wait, String advice) {
    Throwable cause = Exceptions.unwrap(failure);
    if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
      return new CliFailure(
          SuncoOAuthCli.EXIT_NETWORK,
          "the TLS handshake with "
              + what
              + " at "
              + hostPort
              + " failed ("
              + UntrustedText.clean(cause.getClass().getSimpleName())
              + "); "
              + Failures.tlsHint(cause));
    }
    String why =
        cause instanceof TimeoutException
                || cause instanceof io.netty.handler.timeout.ReadTimeoutException
                || cause instanceof io.netty.channel.ConnectTimeoutException
            ? "no answer within " + Durations.format(wait)
            : UntrustedText.clean(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    return new CliFailure(
        SuncoOAuthCli.EXIT_NETWORK,
        "cannot reach " + what + " at " + hostPort + " (" + why + "): " + advice);
  }

  static String hostPort(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }
    return uri.getHost() + ":" + port;
  }
}
