package io.sunco.oauth.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The check of the components that {@link SealedRecord} and {@link ConnectedAppRecord} share beyond
 * the non-blank ids ({@link io.sunco.oauth.internal.Arguments#requireNonBlank}): instants kept to
 * the millisecond, as every backend stores them.
 */
final class RecordComponents {

  private RecordComponents() {}

  /**
   * The instant truncated to the millisecond.
   *
   * @throws NullPointerException when {@code at} is null, naming {@code name}
   */
  static Instant toMillis(Instant at, String name) {
    return Objects.requireNonNull(at, name).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The instant, when there is one, truncated to the millisecond.
   *
   * @throws NullPointerException when {@code at} is null, naming {@code name}
   */
  static Optional<Instant> toMillis(Optional<Instant> at, String name) {
    return Objects.requireNonNull(at, name).map(instant -> instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
