package io.sunco.oauth.error;

import java.util.Objects;
import java.util.Optional;
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

  /** {@code host:port} of the server the exchange was for, or null when unknown. */
  private final @Nullable String endpoint;

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
    this(operation, reason, mayHaveBeenProcessed, cause, null);
  }

  /**
   * Makes the exception with the server it failed to reach; the message names the operation, the
   * reason, the server's {@code host:port}, the kind of the underlying error (its class, and the
   * class of its root cause when another: for example {@code SSLHandshakeException, caused by
   * CertificateExpiredException}), and for a token exchange that may have reached the server, says
   * that the code may be spent. Only class names of the cause are used, never its message.
   *
   * @param operation the call that failed
   * @param reason what failed
   * @param mayHaveBeenProcessed {@code false} only when the request provably never reached the
   *     server
   * @param cause the underlying I/O error, if any
   * @param endpoint the server as {@code host:port} (no path, no query), or {@code null} when
   *     unknown
   */
  public SunshineTransportException(
      Operation operation,
      Reason reason,
      boolean mayHaveBeenProcessed,
      @Nullable Throwable cause,
      @Nullable String endpoint) {
    super(operation, message(operation, reason, mayHaveBeenProcessed, cause, endpoint), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    this.endpoint = endpoint;
  }

  private static String message(
      Operation operation,
      Reason reason,
      boolean mayHaveBeenProcessed,
      @Nullable Throwable cause,
      @Nullable String endpoint) {
    return operation.methodName()
        + " failed: "
        + reason.description()
        + (endpoint == null ? "" : " (" + endpoint + ")")
        + (cause == null ? "" : " [" + kind(cause) + "]")
        + (mayHaveBeenProcessed
            ? Messages.codeMaySpent(operation)
            : " (the request did not reach the server)");
  }

  /** The class of {@code cause}, and of its root cause when another; never a message. */
  private static String kind(Throwable cause) {
    Throwable root = cause;
    // A bounded walk: a cause chain may loop.
    for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    String kind = name(cause);
    return root == cause || name(root).equals(kind) ? kind : kind + ", caused by " + name(root);
  }

  /** A class's simple name; Netty's "Annotated" subclasses of JDK exceptions by the JDK's name. */
  private static String name(Throwable error) {
    Class<?> type = error.getClass();
    String name = type.getSimpleName();
    if (name.startsWith("Annotated") && type.getSuperclass() != null) {
      name = type.getSuperclass().getSimpleName();
    }
    return name.isEmpty() ? type.getName() : name;
  }

  /**
   * The server the exchange was for, to tell a wrong base URL or port from a broken network.
   *
   * @return {@code host:port} (for example {@code oauth-bridge.zendesk.com:443}), or empty when
   *     unknown
   */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
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
