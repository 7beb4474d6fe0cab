package io.sunco.oauth.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A deadline ran out. It says which one ({@link #deadline()}), how long it was, and after how
 * many attempts. A timed-out attempt may have reached the server: for {@link
 * Operation#GET_TOKEN} the authorization code may then be spent.
 */
public final class SunshineTimeoutException extends SunshineOAuthException {

  /** The deadlines a call runs under. */
  public enum Deadline {
    /** Making the TCP connection (and TLS handshake) took too long; nothing was sent. */
    CONNECT("connect timeout", false),
    /** Waiting for a pooled connection took too long; nothing was sent. */
    POOL_ACQUIRE("pool acquire timeout", false),
    /** One attempt, from sending the request to the last byte of the answer, took too long. */
    ATTEMPT("attempt timeout", true),
    /** The whole call, retries and waits between them included, took too long. */
    CALL("call timeout", true);

    private final String description;
    private final boolean mayHaveBeenProcessed;

    Deadline(String description, boolean mayHaveBeenProcessed) {
      this.description = description;
      this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /**
     * A short English description for messages.
     *
     * @return for example {@code "attempt timeout"}
     */
    public String description() {
      return description;
    }
  }

  private final Deadline deadline;
  private final Duration limit;
  private final int attempts;

  /**
   * Makes the exception; the message names the operation, the deadline, its length and the
   * number of attempts.
   *
   * @param operation the call that failed
   * @param deadline which deadline ran out
   * @param limit the length of that deadline
   * @param attempts how many attempts were started, at least 1
   * @param cause the underlying error, if any
   */
  public SunshineTimeoutException(
      Operation operation, Deadline deadline, Duration limit, int attempts, Throwable cause) {
    super(operation, message(operation, deadline, limit, attempts), cause);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.attempts = attempts;
  }

  private static String message(
      Operation operation, Deadline deadline, Duration limit, int attempts) {
    return operation.methodName()
        + " failed: "
        + deadline.description()
        + " of "
        + limit.toMillis()
        + " ms ran out after "
        + attempts
        + (attempts == 1 ? " attempt" : " attempts")
        + (deadline.mayHaveBeenProcessed ? Messages.codeMaySpent(operation) : "");
  }

  /**
   * Which deadline ran out.
   *
   * @return the deadline, never {@code null}
   */
  public Deadline deadline() {
    return deadline;
  }

  /**
   * The length of the deadline that ran out.
   *
   * @return a positive duration
   */
  public Duration limit() {
    return limit;
  }

  /**
   * How many attempts had been started when the deadline ran out.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  @Override
  public boolean requestMayHaveBeenProcessed() {
    return deadline.mayHaveBeenProcessed;
  }
}
