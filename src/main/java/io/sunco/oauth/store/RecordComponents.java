package io.sunco.oauth.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks of the components that {@link SealedRecord} and {@link ConnectedAppRecord} share: the
 * text an id must have (also the client id {@link ConnectedAppStore.Builder#clientId} takes), and
 * instants kept to the millisecond, as every backend stores them.
 */
final class RecordComponents {

  private RecordComponents() {}

  /**
   * Checks that {@code value} is text.
   *
   * @throws NullPointerException when {@code value} is null, naming {@code name}
   * @throws IllegalArgumentException when it is blank
   */
  static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }

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
