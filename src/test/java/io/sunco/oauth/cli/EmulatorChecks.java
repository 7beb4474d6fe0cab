package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** What a test asks an emulator after a command ran: its requests, whether a token works. */
final class EmulatorChecks {

  /** The app of the tests that do not look at it. */
  static final App ACME = App.of("app-1", "acme", "Acme");

  private EmulatorChecks() {}

  /** An emulator builder with one integration and one app: what most tests start. */
  static SunshineOAuthEmulator.Builder emulator(
      String clientId, String secret, String redirectUri, App app) {
    return SunshineOAuthEmulator.builder()
        .integration(Integration.of(clientId, secret, redirectUri))
        .app(app);
  }

  /** The HTTP status of {@code GET /v2/tokenInfo} with {@code token}: 200, or 401 once revoked. */
  static int tokenInfoStatus(SunshineOAuthEmulator emulator, String token) {
    try (SunshineOAuthClient client = checker(emulator).retryPolicy(RetryPolicy.none()).build()) {
      client.getTokenInfo(AccessToken.bearer(token)).block(Duration.ofSeconds(10));
      return 200;
    } catch (SunshineApiException e) {
      return e.status();
    }
  }

  /** A client of the test's own for {@code emulator}; over https it trusts the emulator. */
  static SunshineOAuthClient.Builder checker(SunshineOAuthEmulator emulator) {
    SunshineOAuthClient.Builder builder =
        SunshineOAuthClient.builder().clientId("checker").baseUrl(emulator.baseUrl());
    return emulator.isTls()
        ? builder.httpClient(
            HttpClient.create(ConnectionProvider.newConnection())
                .secure(tls -> tls.sslContext(emulator.clientSslContext())))
        : builder;
  }

  /** Every request the emulator recorded that no one took yet, oldest first. */
  static List<RecordedRequest> drain(SunshineOAuthEmulator emulator) {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      Optional<RecordedRequest> next;
      while ((next = emulator.takeRequest(Duration.ZERO)).isPresent()) {
        requests.add(next.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return requests;
  }

  /**
   * Waits until {@code emulator} has received a request to {@code path}, taking the requests before
   * it; fails when {@link CliRun#WAIT} passes without a next request.
   */
  static void awaitRequest(SunshineOAuthEmulator emulator, String path)
      throws InterruptedException {
    while (true) {
      RecordedRequest next =
          emulator
              .takeRequest(CliRun.WAIT)
              .orElseThrow(() -> new AssertionError("no request to " + path + " came"));
      if (next.pathWithoutQuery().equals(path)) {
        return;
      }
    }
  }

  /** The requests to {@code path} among {@code requests}. */
  static List<RecordedRequest> to(List<RecordedRequest> requests, String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.pathWithoutQuery().equals(path))
        .toList();
  }

  /** The bearer token of a request. */
  static String bearer(RecordedRequest request) {
    return request
        .header("Authorization")
        .orElseThrow(() -> new AssertionError("no Authorization header on " + request))
        .substring("Bearer ".length());
  }
}
