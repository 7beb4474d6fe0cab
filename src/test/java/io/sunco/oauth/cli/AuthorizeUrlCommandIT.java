package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.net.http.HttpResponse;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** {@code sunco-oauth authorize-url}, the built jar as a process: one line, no network. */
class AuthorizeUrlCommandIT {

  @Test
  void authorizeUrlWhenDefaultsThenPrintsTheBridgeConsentUrlOnOneLine() {
    CliProcess.Result run =
        CliProcess.run(
            Map.of(),
            "authorize-url",
            "--client-id",
            "5e4af71a81966cfff3ef6550",
            "--redirect-uri",
            "https://bot.example.com/oauth/callback",
            "--state",
            "s-1");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "https://oauth-bridge.zendesk.com/sc/oauth/authorize?client_id=5e4af71a81966cfff3ef6550"
                + "&response_type=code&state=s-1"
                + "&redirect_uri=https%3A%2F%2Fbot.example.com%2Foauth%2Fcallback\n");
  }

  @Test
  void authorizeUrlWhenNoStateThenAFreshOneAndTheUrlWorksAgainstTheEmulatorWithoutAnyCall() {
    String redirectUri = "http://127.0.0.1:8090/callback";
    try (SunshineOAuthEmulator emulator =
            EmulatorChecks.emulator("c1", "secret-c1", redirectUri, EmulatorChecks.ACME).start();
        MockWebServer untouched = Misbehaving.server()) {
      CliProcess.Result run =
          CliProcess.run(
              Map.of(),
              "authorize-url",
              "--base-url",
              emulator.baseUrl(),
              "--client-id",
              "c1",
              "--redirect-uri",
              redirectUri);
      CliProcess.Result offline =
          CliProcess.run(
              Map.of(),
              "authorize-url",
              "--base-url",
              Misbehaving.baseUrl(untouched),
              "--client-id",
              "c1");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(emulator.requestCount()).isZero();
      String url = run.out().strip();
      assertThat(run.out()).hasLineCount(1);
      String state = Http.query(url).get("state");
      assertThat(state).matches("[A-Za-z0-9_-]{43}");
      HttpResponse<String> consent = Http.get(url);
      assertThat(consent.statusCode()).isEqualTo(302);
      assertThat(Http.query(consent.headers().firstValue("Location").orElseThrow()))
          .containsEntry("state", state)
          .containsKey("code");
      assertThat(offline.exitCode()).as(offline.toString()).isZero();
      assertThat(untouched.getRequestCount()).isZero();
    }
  }

  @Test
  void authorizeUrlWhenTheBaseUrlIsPlainHttpOnAPublicHostThenExits2() {
    CliProcess.Result run =
        CliProcess.run(
            Map.of(), "authorize-url", "--client-id", "c1", "--base-url", "http://example.com/sc");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("sunco-oauth authorize-url: invalid --base-url: baseUrl must use https")
        .hasLineCount(1);
  }
}
