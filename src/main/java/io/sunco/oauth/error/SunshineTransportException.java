package io.sunco.oauth.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The exchange failed on the network: the connection could not be made, the TLS handshake failed,
 * the connection closed early, the answer was not valid HTTP, or no pooled connection could be had.
 * {@link #requestMayHaveBeenProcessed()} says whether the request may have reached the server; for
 * {@link Operation#GET_TOKEN} a {@code true} means the authorization code may be spent and the
 * authorization has to be restarted.
 */
public final class SunshineTransportException extends SunshineOAuthException {

  /** What failed on the network. */
  public enum Reason {
    /**
     * The connection could not be made: refused, unreachable host, or a name that did not resolve.
     */
    CONNECT_FAILED("the connection could not be made"),
    /** The TLS handshake failed, for example on an untrusted certificate. */
    TLS_FAILED("the TLS handshake failed"),
    /** The connection pool had no connection to give and its queue of waiting calls was full. */
    POOL_EXHAUSTED("no pooled connection was free and the queue of waiting calls is full"),
    /** The connection closed before the request was sent. */
    CLOSED_BEFORE_REQUEST("the connection closed before the request was sent"),
    /** The connection closed after the request was started, before the whole answer arrived. */
    CLOSED_DURING_EXCHANGE("the connection closed before the whole answer arrived"),
    /** The answer was not valid HTTP, or its headers were too large. */
    MALFORMED_HTTP("the answer was not valid HTTP or its headers were too large"),
    /** The answer body was larger than the configured limit. */
    BODY_TOO_LARGE("the answer body is larger than the configured limit"),
    /** Any other I/O failure. */
    OTHER("the exchange failed");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /**
     * A short English description for messages.
     *
     * @return for example {@code "the connection could not be made"}
     */
    public String description() {
      return description;
    }
  }

  /** What failed on the network; never {@code null}. */
  private final Reason reason;

  /** {@code false} only when the request provably never reached the server. */
  private final boolean mayHaveBeenProcessed;

  /**
   * Makes the exception; the message names the operation and the reason, and for a token exchange
   * that may have reached the server, says that the code may be spent.
   *
   * @param operation the call that failed
   * @param reason what failed
   * @param mayHaveBeenProcessed {@code false} only when the request provably never reached the
   *     server
   * @param cause the underlying I/O error, if any
   */
  public SunshineTransportException(
      Operation operation, Reason reason, boolean mayHaveBeenProcessed, @Nullable Throwable cause) {
    super(operation, message(operation, reason, mayHaveBeenProcessed), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.mayHaveBeenProcessed = mayHaveBeenProcessed;
  }

  private static String message(Operation operation, Reason reason, boolean mayHaveBeenProcessed) {
    return operation.methodName()
        + " failed: "
        + reason.description()
        + (mayHaveBeenProcessed
            ? Messages.codeMaySpent(operation)
            : " (the request did not reach the server)");
  }

  /**
   * What failed on the network.
   *
   * @return the reason, never {@code null}
   */
  public Reason reason() {
    return reason;
  }

  @Override
  public boolean requestMayHaveBeenProcessed() {
    return mayHaveBeenProcessed;
  }
}
