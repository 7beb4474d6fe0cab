package io.sunco.oauth.callback;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A shared {@link PendingAuthorizationStore}, {@link ReplayGuard} or connected-app store ({@link
 * io.sunco.oauth.store.SealedRecords}) could not answer: it is unreachable, it reported an error,
 * or it did not answer within its deadline. Nothing was decided: the state was neither accepted nor
 * refused, so no authorization code may be exchanged, and the browser should be asked to start
 * again a little later (the WebFlux routes answer {@code 503 Service Unavailable}). Whether the
 * command reached the store is unknown: a state whose {@code consume} failed this way may be spent.
 *
 * <p>The message names the operation and, for a timeout, the deadline; it never contains a state, a
 * key, a browser binding or a store address. The store client's own exception, when there is one,
 * is the {@linkplain #getCause() cause}.
 */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What the store was asked to do. */
  public enum Operation {
    /** Opening the connection to the store. */
    CONNECT("connect"),
    /** {@link PendingAuthorizationStore#save}. */
    SAVE("save a state"),
    /** {@link PendingAuthorizationStore#consume}. */
    CONSUME("consume a state"),
    /** {@link ReplayGuard#markUsed}. */
    MARK_USED("mark a state used"),
    /** A health check: whether the store answers at all. */
    PING("answer a health check"),
    /**
     * Reading connected apps from an {@link io.sunco.oauth.store.SealedRecords} backend (find,
     * list).
     */
    READ_RECORDS("connected-app store", "read connected apps"),
    /**
     * Writing a connected app to an {@link io.sunco.oauth.store.SealedRecords} backend (save,
     * replace, delete).
     */
    WRITE_RECORD("connected-app store", "write a connected app");

    private final String store;
    private final String text;

    Operation(String text) {
      this("state store", text);
    }

    Operation(String store, String text) {
      this.store = store;
      this.text = text;
    }
  }

  /** What the store or guard was asked to do. */
  private final Operation operation;

  /** The deadline that ran out, or null when the store failed otherwise. */
  private final @Nullable Duration deadline;

  private StoreUnavailableException(
      Operation operation, @Nullable Duration deadline, @Nullable Throwable cause) {
    super(message(Objects.requireNonNull(operation, "operation"), deadline, cause), cause);
    this.operation = operation;
    this.deadline = deadline;
  }

  private static String message(
      Operation operation, @Nullable Duration deadline, @Nullable Throwable cause) {
    return deadline != null
        ? "The "
            + operation.store
            + " did not answer in time ("
            + operation.text
            + ", deadline "
            + deadline
            + ")"
        : "The "
            + operation.store
            + " is unavailable ("
            + operation.text
            + ": "
            + (cause == null ? "unknown" : cause.getClass().getSimpleName())
            + ")";
  }

  /**
   * The store did not answer within {@code deadline}.
   *
   * @param operation what the store was asked to do
   * @param deadline the deadline that ran out
   * @return a new exception whose message reads, for example, {@code "The state store did not
   *     answer in time (consume a state, deadline PT2S)"}
   * @throws NullPointerException when an argument is null
   */
  public static StoreUnavailableException timedOut(Operation operation, Duration deadline) {
    return new StoreUnavailableException(
        operation, Objects.requireNonNull(deadline, "deadline"), null);
  }

  /**
   * The store could not be reached, or it answered with an error.
   *
   * @param operation what the store was asked to do
   * @param cause the store client's exception; only its type is part of the message
   * @return a new exception whose message reads, for example, {@code "The state store is
   *     unavailable (consume a state: RedisConnectionException)"}
   * @throws NullPointerException when an argument is null
   */
  public static StoreUnavailableException failed(Operation operation, Throwable cause) {
    return new StoreUnavailableException(operation, null, Objects.requireNonNull(cause, "cause"));
  }

  /**
   * What the store was asked to do.
   *
   * @return the operation
   */
  public Operation operation() {
    return operation;
  }

  /**
   * The deadline that ran out, when the store did not answer in time.
   *
   * @return the deadline; empty when the store failed otherwise
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }
}
