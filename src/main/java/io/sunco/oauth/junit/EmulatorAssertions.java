package io.sunco.oauth.junit;

import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * Assertions on what a {@link SunshineOAuthEmulator} received, failing with JUnit's {@code
 * AssertionFailedError} and messages that never show a secret, code or token. They read the
 * emulator's counters, so they do not take requests from {@link
 * SunshineOAuthEmulator#takeRequest(java.time.Duration)}; both count from the start or the last
 * {@link SunshineOAuthEmulator#reset()} (which the extension calls before each test).
 */
public final class EmulatorAssertions {

  private EmulatorAssertions() {}

  /**
   * Asserts that exactly {@code expected} requests arrived for {@code path} (without query, any
   * method), e.g. {@code assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 1)}.
   *
   * @param emulator the emulator
   * @param path a path starting with {@code /}, without query
   * @param expected the expected count, not negative
   * @throws org.opentest4j.AssertionFailedError when the count differs
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code path} is not a path or {@code expected} is negative
   */
  public static void assertRequestCount(SunshineOAuthEmulator emulator, String path, int expected) {
    Objects.requireNonNull(emulator, "emulator");
    if (expected < 0) {
      throw new IllegalArgumentException("expected must not be negative: " + expected);
    }
    Assertions.assertEquals(
        expected,
        emulator.requestCount(path),
        () -> "requests to " + path + " received by the emulator");
  }

  /**
   * Asserts that no request carried a secret in its URL (see {@link
   * SunshineOAuthEmulator#requestsWithSecretInUrl()}): no client or API key secret, API key JWT,
   * authorization code or access token in a path or query, and no query parameter named like a
   * credential. The failure lists the offending requests by number, method and masked path.
   *
   * @param emulator the emulator
   * @throws org.opentest4j.AssertionFailedError when a request did
   * @throws NullPointerException if {@code emulator} is {@code null}
   */
  public static void assertNoSecretInUrls(SunshineOAuthEmulator emulator) {
    List<RecordedRequest> offenders =
        Objects.requireNonNull(emulator, "emulator").requestsWithSecretInUrl();
    if (!offenders.isEmpty()) {
      Assertions.fail(
          offenders.size()
              + " request(s) carried a secret, code or token in the URL, which belongs in a header"
              + " or the body: "
              + offenders.stream()
                  .map(RecordedRequest::toString)
                  .collect(Collectors.joining(", ")));
    }
  }
}
