package io.sunco.oauth.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted behaviour that replaces (or delays) the emulator's normal answer for the next matching
 * requests; hand it to {@link SunshineOAuthEmulator#enqueue(ScriptedResponse)}. Immutable: every
 * {@code withX}/{@code times}/{@code probability}/{@code onlyPath} returns a modified copy.
 *
 * <p>Three kinds: {@link #status(int)} answers with a fixed status, headers and body; {@link
 * #dropConnection()} closes the connection without answering; {@link #delayed(Duration)} waits and
 * then answers normally. Any of them may wait first ({@link #withDelay(Duration)}). By default a
 * script applies once ({@code times(1)}), to every path, with probability 1.
 *
 * <pre>{@code
 * emulator.enqueue(ScriptedResponse.rateLimited(2).times(3).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
 * }</pre>
 */
public final class ScriptedResponse {

  /** Passed to {@link #times(int)} by {@link #always()}: the script never runs out. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  enum Kind {
    RESPOND,
    DROP,
    PASS_THROUGH
  }

  private final Kind kind;
  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final String body;
  private final Duration delay;
  private final int times;
  private final double probability;
  private final Optional<String> path;

  private ScriptedResponse(
      Kind kind,
      int status,
      List<Map.Entry<String, String>> headers,
      String body,
      Duration delay,
      int times,
      double probability,
      Optional<String> path) {
    this.kind = kind;
    this.status = status;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.delay = delay;
    this.times = times;
    this.probability = probability;
    this.path = path;
  }

  /**
   * Answers with {@code status}, no headers and an empty body (add them with {@link
   * #withHeader(String, String)} and {@link #withBody(String)}).
   *
   * @param status an HTTP status from 200 to 599
   * @return the script
   * @throws IllegalArgumentException if {@code status} is out of range
   */
  public static ScriptedResponse status(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be in 200..599: " + status);
    }
    return new ScriptedResponse(
        Kind.RESPOND, status, List.of(), "", Duration.ZERO, 1, 1.0, Optional.empty());
  }

  /**
   * Answers {@code 429 Too Many Requests} with {@code Retry-After: retryAfterSeconds} and a v2
   * error body {@code {"errors":[{"code":"too_many_requests",...}]}}.
   *
   * @param retryAfterSeconds the {@code Retry-After} value in seconds, not negative
   * @return the script
   * @throws IllegalArgumentException if {@code retryAfterSeconds} is negative
   */
  public static ScriptedResponse rateLimited(long retryAfterSeconds) {
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must not be negative");
    }
    return status(429)
        .withHeader("Retry-After", Long.toString(retryAfterSeconds))
        .withHeader("Content-Type", "application/json")
        .withBody(Json.errorBody("too_many_requests", "Too many requests"));
  }

  /**
   * Closes the connection without sending any response byte, like a crashed proxy.
   *
   * @return the script
   */
  public static ScriptedResponse dropConnection() {
    return new ScriptedResponse(
        Kind.DROP, 0, List.of(), "", Duration.ZERO, 1, 1.0, Optional.empty());
  }

  /**
   * Waits {@code delay}, then answers as the emulator normally would.
   *
   * @param delay the wait, not negative
   * @return the script
   * @throws NullPointerException if {@code delay} is {@code null}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static ScriptedResponse delayed(Duration delay) {
    return new ScriptedResponse(
            Kind.PASS_THROUGH, 0, List.of(), "", Duration.ZERO, 1, 1.0, Optional.empty())
        .withDelay(delay);
  }

  /**
   * Returns a copy that also sends the header {@code name: value} (only for {@link #status(int)}
   * scripts; repeat for more values). Without a {@code Content-Type}, a non-empty body goes out as
   * {@code application/json} when it starts with <code>{</code> or {@code [}, else as {@code
   * text/plain; charset=utf-8}.
   *
   * @param name the header name, a non-blank HTTP token
   * @param value the header value, no control characters
   * @return the copy
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name or value is invalid, or this script does not
   *     respond
   */
  public ScriptedResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    requireRespond("withHeader");
    if (name.isEmpty() || !name.chars().allMatch(ScriptedResponse::isTokenChar)) {
      throw new IllegalArgumentException("header name is not an HTTP token: " + name);
    }
    if (Checks.hasControl(value.replace('\t', ' '))) {
      throw new IllegalArgumentException("header value must not contain control characters");
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.add(Map.entry(name, value));
    return new ScriptedResponse(kind, status, copy, body, delay, times, probability, path);
  }

  /**
   * Returns a copy that sends {@code body} (UTF-8) instead of an empty body; only for {@link
   * #status(int)} scripts.
   *
   * @param body the body, may be empty
   * @return the copy
   * @throws NullPointerException if {@code body} is {@code null}
   * @throws IllegalArgumentException if this script does not respond
   */
  public ScriptedResponse withBody(String body) {
    Objects.requireNonNull(body, "body");
    requireRespond("withBody");
    return new ScriptedResponse(kind, status, headers, body, delay, times, probability, path);
  }

  /**
   * Returns a copy that waits {@code delay} before acting (answering, dropping or passing on). The
   * default is no wait.
   *
   * @param delay the wait, not negative
   * @return the copy
   * @throws NullPointerException if {@code delay} is {@code null}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public ScriptedResponse withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    return new ScriptedResponse(kind, status, headers, body, delay, times, probability, path);
  }

  /**
   * Returns a copy that applies to the next {@code n} matching requests (default 1), then leaves
   * the queue. With {@link #probability(double)}, only the requests it was applied to count.
   *
   * @param n at least 1; {@link #UNLIMITED} never runs out
   * @return the copy
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public ScriptedResponse times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + n);
    }
    return new ScriptedResponse(kind, status, headers, body, delay, n, probability, path);
  }

  /**
   * Returns a copy that never runs out: same as {@code times(UNLIMITED)}; remove it with {@link
   * SunshineOAuthEmulator#clearScripts()}.
   *
   * @return the copy
   */
  public ScriptedResponse always() {
    return times(UNLIMITED);
  }

  /**
   * Returns a copy that applies to each matching request only with probability {@code p} (default
   * 1), drawn from the emulator's random generator, seedable with {@link
   * SunshineOAuthEmulator.Builder#scriptSeed(long)}. Usually combined with {@link #always()} or
   * {@link #times(int)}.
   *
   * @param p from 0 (never) to 1 (always)
   * @return the copy
   * @throws IllegalArgumentException if {@code p} is not within [0, 1]
   */
  public ScriptedResponse probability(double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("probability must be within [0, 1]: " + p);
    }
    return new ScriptedResponse(kind, status, headers, body, delay, times, p, path);
  }

  /**
   * Returns a copy that applies only to requests whose path (without query) equals {@code path},
   * e.g. {@link SunshineOAuthEmulator#TOKEN_PATH}. By default a script applies to every path.
   *
   * @param path starts with {@code /}, no query
   * @return the copy
   * @throws NullPointerException if {@code path} is {@code null}
   * @throws IllegalArgumentException if {@code path} does not start with {@code /} or has a query
   */
  public ScriptedResponse onlyPath(String path) {
    return new ScriptedResponse(
        kind, status, headers, body, delay, times, probability, Optional.of(Checks.path(path)));
  }

  /**
   * Describes the script; the body is shown by its length only.
   *
   * @return e.g. {@code ScriptedResponse[status 429, 2 headers, body 60 chars, delay PT0S, times 3,
   *     ...]}
   */
  @Override
  public String toString() {
    String what =
        switch (kind) {
          case RESPOND ->
              "status "
                  + status
                  + ", "
                  + headers.size()
                  + " headers, body "
                  + body.length()
                  + " chars";
          case DROP -> "drop connection";
          case PASS_THROUGH -> "pass through";
        };
    return "ScriptedResponse["
        + what
        + ", delay "
        + delay
        + ", times "
        + (times == UNLIMITED ? "unlimited" : Integer.toString(times))
        + ", probability "
        + probability
        + ", path "
        + path.orElse("any")
        + "]";
  }

  private void requireRespond(String method) {
    if (kind != Kind.RESPOND) {
      throw new IllegalArgumentException(method + " applies only to status(...) scripts");
    }
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  Kind kind() {
    return kind;
  }

  int statusCode() {
    return status;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  String body() {
    return body;
  }

  Duration delay() {
    return delay;
  }

  int timesValue() {
    return times;
  }

  double probabilityValue() {
    return probability;
  }

  boolean appliesTo(String requestPath) {
    return path.isEmpty() || path.get().equals(requestPath);
  }
}
