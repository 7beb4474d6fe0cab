package io.sunco.oauth.internal;

import java.util.Objects;

/**
 * The one home of the argument rule that the value types of every package share outside the
 * emulator (which keeps its own on purpose): a text must be non-null and not blank. The message
 * names the argument and never echoes its value.
 */
public final class Arguments {

  private Arguments() {}

  /**
   * Checks that {@code value} is text: non-null, with at least one non-whitespace character.
   *
   * @param value the argument
   * @param name its name, for the message
   * @return {@code value}
   * @throws NullPointerException when {@code value} is null, naming {@code name}
   * @throws IllegalArgumentException when it is blank
   */
  public static String requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
