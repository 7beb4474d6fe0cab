package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import io.sunco.oauth.testing.Revocations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sunco-oauth login}, the built jar as a process, over http and https; the test is the
 * browser.
 */
@ParameterizedClass
@EnumSource(Wire.class)
class LoginCommandIT {

  static final String CLIENT_ID = "login-it-client";
  static final String SECRET = "login-it-secret-0123456789abcdef";
  static final Map<String, String> ENV = Map.of("SUNCO_CLIENT_SECRET", SECRET);
  static final Pattern AUTHORIZE_URL =
      Pattern.compile("(?m)^  (https?://127\\.0\\.0\\.1:\\d+/oauth/authorize\\?\\S+)\\R");

  @Parameter Wire wire;

  /** What the CLI needs to trust the server of the test: {@code --ca-file} over https. */
  private String[] trust = {};

  /** A started MockWebServer on this test's wire, which the CLI runs of the test then trust. */
  private MockWebServer trustedServer() {
    trust = wire.trustingServer();
    return wire.server();
  }

  CliProcess login(String baseUrl, int port, String... more) {
    String[] base = {
      "login", "--client-id", CLIENT_ID, "--base-url", baseUrl, "--no-browser", "--port", "" + port
    };
    return CliProcess.start(ENV, Wire.append(Wire.append(base, more), trust));
  }

  @Nested
  class FailsFast {

    @Test
    void loginWhenNothingListensAtTheBaseUrlThenExits4WithinSecondsNamingHostAndPort() {
      int nothing = Ports.unused();

      CliProcess.Result run;
      try (CliProcess login = login(wire.name().toLowerCase() + "://127.0.0.1:" + nothing, 0)) {
        run = login.awaitExit();
      }

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.took()).isLessThan(Duration.ofSeconds(20));
      assertThat(run.err())
          .startsWith(
              "sunco-oauth login: cannot reach the authorize endpoint at 127.0.0.1:" + nothing)
          .hasLineCount(1);
      assertThat(run.all()).doesNotContain(SECRET);
    }

    @Test
    void loginWhenTheClientIdIsUnknownThenExits3NamingHostAndPort() {
      try (SunshineOAuthEmulator emulator =
          wire.emulator(
                  EmulatorChecks.emulator(
                      "someone-else", "x", "http://127.0.0.1:8090/callback", EmulatorChecks.ACME))
              .start()) {
        trust = wire.trusting(emulator);
        CliProcess.Result run;
        try (CliProcess login = login(emulator.baseUrl(), 0)) {
          run = login.awaitExit();
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err())
            .startsWith(
                "sunco-oauth login: the authorize endpoint at 127.0.0.1:"
                    + emulator.port()
                    + " refused the request: HTTP 400")
            .hasLineCount(1);
      }
    }
  }

  @Nested
  class AgainstAnEmulator {

    private SunshineOAuthEmulator emulator;
    private int port;

    @BeforeEach
    void start() {
      port = Ports.unused();
      emulator =
          wire.emulator(
                  EmulatorChecks.emulator(
                      CLIENT_ID,
                      SECRET,
                      "http://127.0.0.1:" + port + "/callback",
                      EmulatorChecks.ACME))
              .start();
      trust = wire.trusting(emulator);
    }

    @AfterEach
    void stop() {
      emulator.close();
    }

    /**
     * SIGTERM during the exchange: the token is revoked before the process ends, and its line says
     * so; when the revocation fails (a {@code 500} is an answer, not a revocation) the line says
     * that the token stays valid and how to end it.
     */
    @ParameterizedTest(name = "revoke answers {0}")
    @ValueSource(ints = {200, 500})
    void loginWhenTerminatedDuringTheExchangeThenRevokesTheTokenOrSaysItStaysValid(int revoke)
        throws Exception {
      emulator.enqueue(
          ScriptedResponse.delayed(Duration.ofSeconds(30))
              .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
      if (revoke != 200) {
        emulator.enqueue(
            ScriptedResponse.status(revoke)
                .always()
                .onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));
      }
      try (CliProcess login = login(emulator.baseUrl(), port, "--timeout", "60s");
          SunshineOAuthClient checker = EmulatorChecks.checker(emulator).build()) {
        String location =
            Wire.browse(emulator, login.out.await(AUTHORIZE_URL))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        CompletableFuture.runAsync(() -> Http.get(location));
        EmulatorChecks.awaitRequest(emulator, SunshineOAuthEmulator.TOKEN_INFO_PATH);

        CliProcess.Result run = login.terminate();

        AccessToken token = Revocations.revokedToken(emulator);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
        if (revoke == 200) {
          Revocations.assertRefused(checker, token);
          assertThat(run.err())
              .endsWith(
                  "sunco-oauth login: interrupted; the token issued before it has been revoked\n");
        } else {
          Revocations.assertValid(checker, token);
          assertThat(run.err())
              .contains(
                  "sunco-oauth login: interrupted; a token was issued and could not be revoked:"
                      + " it stays valid. To end it: ")
              .endsWith(" or remove the integration from the app in Zendesk\n");
        }
        assertThat(run.all()).doesNotContain(token.value()).doesNotContain(SECRET);
      }
    }
  }

  @Nested
  class AgainstAMisbehavingService {

    @AutoClose private final MockWebServer server = trustedServer();

    @BeforeEach
    void start() {
      // The pre-flight: the authorize page answers as the live service does, with a redirect.
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/signin").build());
    }

    /** Runs a login whose callback carries its own state, and a token answer of the test's. */
    private CliProcess.Result loginAnsweredWith(MockResponse tokenAnswer, String... more) {
      server.enqueue(tokenAnswer);
      return loginAnsweredAsQueued(more);
    }

    /** Runs a login whose callback carries its own state; the token answers are queued. */
    private CliProcess.Result loginAnsweredAsQueued(String... more) {
      try (CliProcess login = login(wire.baseUrl(server), 0, more)) {
        // With --json, stdout is kept for the one JSON object: what a person reads is on stderr.
        CliRun.Buffer progress = java.util.List.of(more).contains("--json") ? login.err : login.out;
        Map<String, String> query = Http.query(progress.await(AUTHORIZE_URL));
        HttpResponse<String> page =
            Http.get(query.get("redirect_uri") + "?code=c0de-42&state=" + query.get("state"));
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("Sign-in failed").doesNotContain("c0de-42");
        return login.awaitExit();
      }
    }

    /** The token endpoint's faults the methods below do not cover: (fault, exit, fragment). */
    static Stream<Arguments> tokenEndpointFaults() {
      return Stream.of(
          arguments(Misbehaving.Fault.SERVER_ERROR_500, 3, "getToken failed: HTTP 500 [broken"),
          arguments(Misbehaving.Fault.UNAVAILABLE_503, 3, "getToken failed: HTTP 503 [broken"),
          arguments(
              Misbehaving.Fault.REDIRECT,
              3,
              "getToken failed: HTTP 302 (redirects are not followed)"),
          arguments(
              Misbehaving.Fault.OVERSIZED,
              4,
              "getToken failed: the answer body is larger than the configured limit"),
          arguments(Misbehaving.Fault.DROPPED, 4, "getToken failed: the connection closed"));
    }

    @ParameterizedTest(name = "login when the token endpoint {0} then exits {1}")
    @MethodSource("tokenEndpointFaults")
    void loginWhenTheTokenEndpointMisbehavesThenExitsAsDocumentedWithOneLine(
        Misbehaving.Fault fault, int exitCode, String fragment) {
      fault.queueOn(server);
      CliProcess.Result run = loginAnsweredAsQueued();

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
      assertThat(run.err())
          .as(run.toString())
          .startsWith("sunco-oauth login: ")
          .contains(fragment)
          .doesNotContain("\u001b")
          .hasLineCount(1);
      assertThat(run.all()).doesNotContain("c0de-42").doesNotContain(SECRET);
    }

    @Test
    void loginWhenTheTokenAnswerIsNotJsonThenExits5AndTellsTheBrowser() {
      CliProcess.Result run = loginAnsweredWith(Misbehaving.notJson());

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
      assertThat(run.err())
          .startsWith("sunco-oauth login: getToken failed: malformed answer to HTTP 200")
          .hasLineCount(1);
      assertThat(run.all()).doesNotContain("c0de-42").doesNotContain(SECRET);
    }

    @Test
    void loginWhenTheTokenEndpointIsRateLimitedPastTheDeadlineThenExits3AsJson() {
      CliProcess.Result run = loginAnsweredWith(Misbehaving.rateLimited(600), "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("sunco-oauth login: getToken failed: HTTP 429");
      assertThat(Misbehaving.parse(run.out()).get("retryAfterSeconds").asLong()).isEqualTo(600);
      assertThat(run.all()).doesNotContain("c0de-42").doesNotContain(SECRET);
    }
  }
}
