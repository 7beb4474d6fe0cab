package io.sunco.oauth.callback;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.internal.UntrustedText;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed query of an authorization redirect, before any state check: either {@link Granted}
 * ({@code ?code=...&state=...}) or {@link Denied} ({@code ?error=...&state=...}, any error value).
 * Parsing is strict form decoding (RFC 6749 Appendix B): {@code +} is a space, {@code %XX} escapes
 * must form valid UTF-8, and no parameter may appear twice (RFC 6749 §3.1). Empty values count as
 * absent; parameters other than {@code code}, {@code state}, {@code error} and {@code
 * error_description} are ignored. Most callers want {@link AuthorizationCallback}, which parses and
 * then checks the state.
 */
sealed interface CallbackResponse permits CallbackResponse.Granted, CallbackResponse.Denied {

  /** Longest raw query accepted, in characters: {@value}. */
  int MAX_QUERY_LENGTH = 8192;

  /**
   * The {@code state} parameter of the redirect.
   *
   * @return the percent-decoded value; empty when the parameter was absent or empty
   */
  Optional<String> state();

  /**
   * Parses the query of a redirect URI (its raw, still encoded form; the fragment is ignored).
   *
   * @param callbackUri the redirect URI the browser came back with, as received
   * @return {@link Granted} when the query carries a {@code code}, {@link Denied} when it carries
   *     an {@code error}
   * @throws NullPointerException when {@code callbackUri} is null
   * @throws AuthorizationCallbackException with {@code MALFORMED_CALLBACK} when the query cannot be
   *     parsed or has both {@code code} and {@code error}, {@code MISSING_CODE} when it has neither
   */
  static CallbackResponse parse(URI callbackUri) {
    Objects.requireNonNull(callbackUri, "callbackUri");
    String rawQuery = callbackUri.getRawQuery();
    return parseQuery(rawQuery == null ? "" : rawQuery);
  }

  /**
   * Parses a raw, still percent-encoded query string, with or without its leading {@code ?}, as
   * received from an HTTP server framework.
   *
   * @param rawQuery the query; one longer than {@value #MAX_QUERY_LENGTH} characters is rejected as
   *     {@code MALFORMED_CALLBACK}
   * @return {@link Granted} or {@link Denied}, as for {@link #parse(URI)}
   * @throws NullPointerException when {@code rawQuery} is null
   * @throws AuthorizationCallbackException as for {@link #parse(URI)}
   */
  static CallbackResponse parseQuery(String rawQuery) {
    Objects.requireNonNull(rawQuery, "rawQuery");
    if (rawQuery.length() > MAX_QUERY_LENGTH) {
      throw AuthorizationCallbackException.of(Reason.MALFORMED_CALLBACK);
    }
    Map<String, String> parameters =
        QueryParser.parse(rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery);
    Optional<String> code = present(parameters, "code");
    Optional<String> error = present(parameters, "error");
    Optional<String> state = present(parameters, "state");
    if (code.isPresent() && error.isPresent()) {
      throw AuthorizationCallbackException.of(Reason.MALFORMED_CALLBACK);
    }
    if (code.isPresent()) {
      return new Granted(new AuthorizationCode(code.get()), state);
    }
    if (error.isPresent()) {
      return new Denied(error.get(), present(parameters, "error_description"), state);
    }
    throw AuthorizationCallbackException.of(Reason.MISSING_CODE);
  }

  private static Optional<String> present(Map<String, String> parameters, String name) {
    return Optional.ofNullable(parameters.get(name)).filter(v -> !v.isEmpty());
  }

  /**
   * A redirect that carries a code.
   *
   * @param code the authorization code
   * @param state the {@code state} parameter, empty when absent
   */
  record Granted(AuthorizationCode code, Optional<String> state) implements CallbackResponse {

    /**
     * Checks the components.
     *
     * @param code the authorization code
     * @param state the {@code state} parameter, empty when absent
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a present state is empty
     */
    public Granted {
      Objects.requireNonNull(code, "code");
      requireNonEmpty(state);
    }

    /** Shows whether a state is present, never its value or the code. */
    @Override
    public String toString() {
      return "Granted[code=" + code + ", state=" + (state.isPresent() ? "****" : "none") + "]";
    }
  }

  /**
   * A redirect that carries an {@code error} instead of a code. The texts are sanitized on
   * construction: control and format characters dropped, capped at {@link
   * AuthorizationDeniedException#MAX_TEXT_LENGTH} characters.
   *
   * @param error the {@code error} value, for example {@code access_denied}
   * @param errorDescription the {@code error_description}, empty when absent
   * @param state the {@code state} parameter, empty when absent
   */
  record Denied(String error, Optional<String> errorDescription, Optional<String> state)
      implements CallbackResponse {

    /**
     * Checks and sanitizes the components.
     *
     * @param error the {@code error} value as received; sanitized and capped here
     * @param errorDescription the {@code error_description} as received, empty when absent;
     *     sanitized and capped here, and made empty when blank afterwards
     * @param state the {@code state} parameter, empty when absent
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a present state is empty
     */
    public Denied {
      error =
          UntrustedText.clean(
              Objects.requireNonNull(error, "error"), AuthorizationDeniedException.MAX_TEXT_LENGTH);
      errorDescription =
          Objects.requireNonNull(errorDescription, "errorDescription")
              .map(d -> UntrustedText.clean(d, AuthorizationDeniedException.MAX_TEXT_LENGTH))
              .filter(d -> !d.isBlank());
      requireNonEmpty(state);
    }

    /**
     * The exception {@link AuthorizationCallback} errors with for this redirect.
     *
     * @return a new exception carrying this redirect's error and description
     */
    public AuthorizationDeniedException toException() {
      return new AuthorizationDeniedException(error, errorDescription);
    }

    /** Shows the sanitized error and description, never the state. */
    @Override
    public String toString() {
      return "Denied[error="
          + error
          + ", errorDescription="
          + errorDescription.orElse("none")
          + ", state="
          + (state.isPresent() ? "****" : "none")
          + "]";
    }
  }

  private static void requireNonEmpty(Optional<String> state) {
    Objects.requireNonNull(state, "state");
    if (state.isPresent() && state.get().isEmpty()) {
      throw new IllegalArgumentException("A present state must not be empty");
    }
  }
}
