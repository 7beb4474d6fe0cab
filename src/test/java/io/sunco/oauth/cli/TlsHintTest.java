package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineTransportException;
import java.net.URI;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.HttpClient;

/**
 * The hint a failed TLS handshake's line carries is chosen from what failed, not always "trust".
 */
class TlsHintTest {

  static Stream<Arguments> causes() {
    return Stream.of(
        Arguments.of(
            "untrusted certificate",
            handshake(new CertPathValidatorException("no path")),
            Failures.TLS_HINT),
        Arguments.of(
            "expired certificate",
            handshake(new CertificateExpiredException("expired")),
            Failures.TLS_HINT),
        Arguments.of(
            "https URL at a plain http server",
            new NotSslRecordException("not an SSL/TLS record"),
            Failures.NOT_TLS_HINT),
        Arguments.of(
            "handshake timeout",
            new SslHandshakeTimeoutException("handshake timed out after 10000ms"),
            Failures.HANDSHAKE_TIMEOUT_HINT),
        Arguments.of(
            "no common protocol",
            new SSLHandshakeException("no cipher suites in common"),
            Failures.OTHER_TLS_HINT));
  }

  @Test
  void preflightWhenAnHttpsUrlPointsAtAPlainHttpServerThenSaysTheServerDoesNotSpeakTls() {
    try (SunshineOAuthEmulator plain =
        EmulatorChecks.emulator("client", "secret", "http://127.0.0.1:1/cb", EmulatorChecks.ACME)
            .start()) {
      URI https = URI.create(plain.baseUrl().replaceFirst("^http:", "https:") + "/oauth/authorize");

      assertThatThrownBy(() -> Preflight.check(HttpClient.create(), https, Duration.ofSeconds(20)))
          .isInstanceOf(CliFailure.class)
          .hasMessageContaining("TLS handshake")
          .hasMessageContaining(Failures.NOT_TLS_HINT)
          .hasMessageNotContaining(Failures.TLS_HINT);
    }
  }

  private static SSLHandshakeException handshake(Exception cause) {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
    e.initCause(cause);
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("causes")
  void describeWhenTheTlsHandshakeFailedThenTheHintMatchesTheCause(
      String name, Exception cause, String hint) {
    SunshineTransportException failure =
        new SunshineTransportException(
            Operation.GET_TOKEN_INFO,
            SunshineTransportException.Reason.TLS_FAILED,
            false,
            cause,
            "127.0.0.1:8443");

    String line = Failures.describe(failure, Optional.empty());

    assertThat(line).contains("127.0.0.1:8443").endsWith("; " + hint);
    Stream.of(
            Failures.TLS_HINT,
            Failures.NOT_TLS_HINT,
            Failures.HANDSHAKE_TIMEOUT_HINT,
            Failures.OTHER_TLS_HINT)
        .filter(other -> !other.equals(hint))
        .forEach(other -> assertThat(line).doesNotContain(other));
  }
}
