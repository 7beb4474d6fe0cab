package io.sunco.oauth.error;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deadline ran out. It says which one ({@link #deadline()}), how long it was, and after how many
 * attempts. An attempt cut off by a deadline may have reached the server; {@link
 * #requestMayHaveBeenProcessed()} says whether any did. For {@link Operation#GET_TOKEN} that means
 * the authorization code may be spent.
 */
public final class SunshineTimeoutException extends SunshineOAuthException {

  /** The deadlines a call runs under. */
  public enum Deadline {
    /** Making the TCP connection (and TLS handshake) took too long; nothing was sent. */
    CONNECT("connect timeout"),
    /** Waiting for a pooled connection took too long; nothing was sent. */
    POOL_ACQUIRE("pool acquire timeout"),
    /** One attempt, from asking for a connection to the last byte of the answer, took too long. */
    ATTEMPT("attempt timeout"),
    /** The whole call, retries and waits between them included, took too long. */
    CALL("call timeout");

    private final String description;

    Deadline(String description) {
      this.description = description;
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

  /** Which deadline ran out; never {@code null}. */
  private final Deadline deadline;

  /** The length of the deadline that ran out. */
  private final Duration limit;

  /** How many attempts had been started when the deadline ran out, at least 1. */
  private final int attempts;

  /** Whether any attempt may have reached the server. */
  private final boolean mayHaveBeenProcessed;

  /**
   * Makes the exception; the message names the operation, the deadline, its length and the number
   * of attempts.
   *
   * @param operation the call that failed
   * @param deadline which deadline ran out
   * @param limit the length of that deadline
   * @param attempts how many attempts were started, at least 1
   * @param mayHaveBeenProcessed whether any attempt may have reached the server
   * @param cause the underlying error, if any
   */
  public SunshineTimeoutException(
      Operation operation,
      Deadline deadline,
      Duration limit,
      int attempts,
      boolean mayHaveBeenProcessed,
      @Nullable Throwable cause) {
    super(operation, message(operation, deadline, limit, attempts, mayHaveBeenProcessed), cause);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.attempts = attempts;
    this.mayHaveBeenProcessed = mayHaveBeenProcessed;
  }

  private static String message(
      Operation operation,
      Deadline deadline,
      Duration limit,
      int attempts,
      boolean mayHaveBeenProcessed) {
    return operation.methodName()
        + " failed: "
        + deadline.description()
        + " of "
        + limit.toMillis()
        + " ms ran out after "
        + attempts
        + (attempts == 1 ? " attempt" : " attempts")
        + (mayHaveBeenProcessed
            ? Messages.codeMaySpent(operation)
            : " (the request did not reach the server)");
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
    return mayHaveBeenProcessed;
  }
}
