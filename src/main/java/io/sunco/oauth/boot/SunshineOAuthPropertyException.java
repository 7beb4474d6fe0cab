package io.sunco.oauth.boot;

import java.util.Objects;

/**
 * A {@code sunco.oauth.*} property is missing or invalid: thrown at start-up by the
 * auto-configuration, so that the application fails before it serves a request. The message starts
 * with the property's name ({@code sunco.oauth.client-id must be set}) and never holds the client
 * secret or a Redis URI.
 */
public final class SunshineOAuthPropertyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The property's full name. */
  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the full property name, such as {@code sunco.oauth.client-id}
   * @param problem what is wrong, such as {@code must be set}; never a secret value
   * @throws NullPointerException if an argument is null
   */
  public SunshineOAuthPropertyException(String property, String problem) {
    super(Objects.requireNonNull(property, "property") + " " + Objects.requireNonNull(problem));
    this.property = property;
  }

  /**
   * The property that is missing or invalid.
   *
   * @return its full name, such as {@code sunco.oauth.client-id}
   */
  public String property() {
    return property;
  }
}
