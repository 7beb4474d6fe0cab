package io.sunco.oauth.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One request the emulator has finished with, as handed to a {@link
 * SunshineOAuthEmulator.Builder#requestListener(java.util.function.Consumer) request listener}:
 * what a one-line access log needs and nothing that could be a secret (no query, no header, no
 * body).
 *
 * @param sequenceNumber the request's {@link RecordedRequest#sequenceNumber()}, from 0
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path without its query, still percent-encoded, e.g. {@code /oauth/token};
 *     a segment that holds a secret known to the emulator (a client or API key secret, a code or
 *     token it issued) shows as {@code ****}
 * @param status the HTTP status sent, or {@code 0} when the connection ended without an answer (a
 *     {@link ScriptedResponse#dropConnection()} script, or a client that went away first)
 * @param duration from the moment the request's head arrived until the answer was sent, scripted
 *     delays included
 */
public record HandledRequest(
    int sequenceNumber, String method, String path, int status, Duration duration) {

  /**
   * Checks the components.
   *
   * @param sequenceNumber the sequence number, not negative
   * @param method the HTTP method
   * @param path the path without query
   * @param status 0, or an HTTP status from 100 to 599
   * @param duration not negative
   * @throws NullPointerException if a component is {@code null}
   * @throws IllegalArgumentException if a number is out of range or the path has a query
   */
  public HandledRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(duration, "duration");
    if (sequenceNumber < 0) {
      throw new IllegalArgumentException("sequenceNumber must not be negative");
    }
    if (status != 0 && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("status must be 0 or in 100..599: " + status);
    }
    if (path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("path must not have a query");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative");
    }
  }
}
