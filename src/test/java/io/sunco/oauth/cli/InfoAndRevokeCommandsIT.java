package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import java.util.Map;
import java.util.stream.Stream;
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

/** {@code sunco-oauth info} and {@code revoke}, the built jar as a process, over http and https. */
@ParameterizedClass
@EnumSource(Wire.class)
class InfoAndRevokeCommandsIT {

  private static final App APP = App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex & Co");
  private static final String TOKEN = "tok-from-the-environment-" + "z".repeat(30);

  @Parameter Wire wire;

  /** What the CLI needs to trust the server of the test: {@code --ca-file} over https. */
  private String[] trust = {};

  /** A started MockWebServer on this test's wire, which the CLI runs of the test then trust. */
  private MockWebServer trustedServer() {
    trust = wire.trustingServer();
    return wire.server();
  }

  private CliProcess.Result run(Map<String, String> env, String... args) {
    return CliProcess.run(env, Wire.append(args, trust));
  }

  private static Map<String, String> tokenEnv(String token) {
    return Map.of("SUNCO_ACCESS_TOKEN", token);
  }

  @Nested
  class AgainstTheEmulator {

    private SunshineOAuthEmulator emulator;
    private String token;

    @BeforeEach
    void start() {
      emulator =
          wire.emulator(
                  EmulatorChecks.emulator("c1", "secret-c1", "https://bot.example.com/cb", APP))
              .start();
      trust = wire.trusting(emulator);
      token = emulator.issueAccessToken("c1", APP.id());
    }

    @AfterEach
    void stop() {
      emulator.close();
    }

    @Test
    void infoWhenTheTokenWorksThenPrintsTheAppCleanedAndAsJson() {
      CliProcess.Result text = run(tokenEnv(token), "info", "--base-url", emulator.baseUrl());
      CliProcess.Result json =
          run(tokenEnv(token), "info", "--base-url", emulator.baseUrl(), "--json");

      assertThat(text.exitCode()).as(text.toString()).isZero();
      assertThat(text.err()).isEmpty();
      assertThat(text.out())
          .isEqualTo(
              "app id:       63ac4f1b8e2f3a0011c0ffee\n"
                  + "subdomain:    globex\n"
                  + "display name: Globex & Co\n");
      assertThat(json.exitCode()).as(json.toString()).isZero();
      JsonNode node = Misbehaving.parse(json.out());
      assertThat(node.get("ok").asBoolean()).isTrue();
      assertThat(node.get("appId").asText()).isEqualTo(APP.id());
      assertThat(node.get("subdomain").asText()).isEqualTo("globex");
      assertThat(node.get("displayName").asText()).isEqualTo("Globex & Co");
      assertThat(text.all() + json.all()).doesNotContain(token);
    }

    @Test
    void revokeWhenTheTokenWorksThenRevokesItAndASecondRevokeOrInfoExits3With401() {
      CliProcess.Result revoke =
          run(tokenEnv(token), "revoke", "--base-url", emulator.baseUrl(), "--json");
      CliProcess.Result again = run(tokenEnv(token), "revoke", "--base-url", emulator.baseUrl());
      CliProcess.Result info = run(tokenEnv(token), "info", "--base-url", emulator.baseUrl());

      assertThat(revoke.exitCode()).as(revoke.toString()).isZero();
      assertThat(Misbehaving.parse(revoke.out()).get("revoked").asBoolean()).isTrue();
      assertThat(EmulatorChecks.tokenInfoStatus(emulator, token)).isEqualTo(401);
      assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
      assertThat(again.err())
          .startsWith("sunco-oauth revoke: revokeAccess failed: HTTP 401 [unauthorized")
          .hasLineCount(1);
      assertThat(info.exitCode()).as(info.toString()).isEqualTo(3);
      assertThat(info.err()).startsWith("sunco-oauth info: getTokenInfo failed: HTTP 401");
      assertThat(revoke.all() + again.all() + info.all()).doesNotContain(token);
    }

    @Test
    void infoAndRevokeWhenTheTokenVariableIsUnsetThenExit2NamingItAndCallNothing() {
      CliProcess.Result info = run(Map.of(), "info", "--base-url", emulator.baseUrl());
      CliProcess.Result revoke =
          run(
              Map.of("MY_TOKEN", " "),
              "revoke",
              "--base-url",
              emulator.baseUrl(),
              "--token-env",
              "MY_TOKEN");

      assertThat(info.exitCode()).as(info.toString()).isEqualTo(2);
      assertThat(info.err())
          .startsWith("sunco-oauth info: the environment variable SUNCO_ACCESS_TOKEN is not set");
      assertThat(revoke.exitCode()).as(revoke.toString()).isEqualTo(2);
      assertThat(revoke.err())
          .startsWith("sunco-oauth revoke: the environment variable MY_TOKEN is not set");
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Nested
  class AgainstMisbehavingServers {

    @AutoClose private final MockWebServer server = trustedServer();

    private CliProcess.Result call(String command, String... more) {
      return run(
          tokenEnv(TOKEN),
          Wire.append(new String[] {command, "--base-url", wire.baseUrl(server)}, more));
    }

    /** The cases the methods below do not cover: (command, fault, exit code, line fragment). */
    static Stream<Arguments> faults() {
      return Stream.of(
          arguments(
              "info",
              Misbehaving.Fault.SERVER_ERROR_500,
              3,
              "getTokenInfo failed: HTTP 500 [broken"),
          arguments(
              "info",
              Misbehaving.Fault.UNAVAILABLE_503,
              3,
              "getTokenInfo failed: HTTP 503 [broken"),
          arguments(
              "info",
              Misbehaving.Fault.NOT_JSON,
              5,
              "getTokenInfo failed: malformed answer to HTTP 200"),
          arguments(
              "info",
              Misbehaving.Fault.OVERSIZED,
              4,
              "getTokenInfo failed: the answer body is larger than the configured limit"),
          arguments("revoke", Misbehaving.Fault.STALL, 4, "timeout of 1500 ms ran out"),
          arguments(
              "revoke", Misbehaving.Fault.DROPPED, 4, "revokeAccess failed: the connection closed"),
          // Any 2xx revokes, whatever its body: a proxy's page is not a failure to report.
          arguments(
              "revoke",
              Misbehaving.Fault.NOT_JSON,
              0,
              "Access revoked: the token no longer works."),
          arguments(
              "revoke",
              Misbehaving.Fault.RATE_LIMITED_THEN_OK,
              0,
              "Access revoked: the token no longer works."),
          arguments(
              "revoke",
              Misbehaving.Fault.UNTRUSTED,
              4,
              "revokeAccess failed: the TLS handshake failed"));
    }

    @ParameterizedTest(name = "{0} when {1} then exits {2}")
    @MethodSource("faults")
    void commandWhenTheServerMisbehavesThenExitsAsDocumentedWithOneLine(
        String command, Misbehaving.Fault fault, int exitCode, String fragment) {
      if (fault == Misbehaving.Fault.UNTRUSTED) {
        assumeThat(wire).as("a certificate only https has").isEqualTo(Wire.HTTPS);
        trust = new String[0];
      }
      fault.queueOn(server);
      CliProcess.Result run =
          fault == Misbehaving.Fault.STALL ? call(command, "--timeout", "1500ms") : call(command);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
      if (exitCode == 0) {
        assertThat(run.out()).as(run.toString()).isEqualTo(fragment + "\n");
        assertThat(run.err()).isEmpty();
      } else {
        assertThat(run.err())
            .as(run.toString())
            .startsWith("sunco-oauth " + command + ": ")
            .contains(fragment)
            .doesNotContain("\u001b")
            .hasLineCount(1);
      }
      assertThat(run.all()).doesNotContain(TOKEN);
      if (fault == Misbehaving.Fault.RATE_LIMITED_THEN_OK) {
        assertThat(server.getRequestCount()).as("retried once, after the wait asked").isEqualTo(2);
      }
    }

    @Test
    void infoWhen429WithRetryAfterThenRetriesAfterItAndSucceeds() throws Exception {
      server.enqueue(Misbehaving.rateLimited(1));
      server.enqueue(
          Misbehaving.json(
              200, "{\"app\":{\"id\":\"app-9\",\"displayName\":\"Evil\\u001b[2J\\r\\nCo\"}}"));

      CliProcess.Result run = call("info");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      // Server-chosen text reaches the terminal without its control characters.
      assertThat(run.out())
          .isEqualTo("app id:       app-9\nsubdomain:    (none)\ndisplay name: Evil [2J Co\n");
      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void infoWhenTheAnswerBreaksTheProtocolThenExits5() {
      server.enqueue(Misbehaving.json(200, "{\"app\":{}}"));

      CliProcess.Result run = call("info", "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
      assertThat(run.err())
          .startsWith("sunco-oauth info: getTokenInfo failed: malformed answer to HTTP 200")
          .hasLineCount(1);
      JsonNode json = Misbehaving.parse(run.out());
      assertThat(json.get("exitCode").asInt()).isEqualTo(5);
      assertThat(json.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void infoWhenRedirectedThenExits3WithoutFollowing() {
      server.enqueue(Misbehaving.redirect());

      CliProcess.Result run = call("info");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("HTTP 302 (redirects are not followed)");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void infoWhenTheServerNeverAnswersThenExits4WithinTheOverallDeadlineRetriesIncluded() {
      for (int i = 0; i < 5; i++) {
        server.enqueue(Misbehaving.stall());
      }

      CliProcess.Result run = call("info", "--timeout", "1500ms");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith("sunco-oauth info: getTokenInfo failed: ")
          .contains("timeout of 1500 ms ran out")
          .hasLineCount(1);
    }

    @Test
    void infoWhenTheConnectionDropsOnEveryAttemptThenExits4NamingTheServer() {
      for (int i = 0; i < 3; i++) {
        server.enqueue(Misbehaving.dropped());
      }

      CliProcess.Result run = call("info", "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith("sunco-oauth info: getTokenInfo failed: the connection closed")
          .contains("(127.0.0.1:" + server.getPort() + ")")
          .hasLineCount(1);
      assertThat(Misbehaving.parse(run.out()).get("reason").asText())
          .isEqualTo("CLOSED_DURING_EXCHANGE");
    }

    @Test
    void revokeWhenTheAnswerIsLargerThanTheLimitThenExits4() {
      server.enqueue(Misbehaving.oversized());

      CliProcess.Result run = call("revoke");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith(
              "sunco-oauth revoke: revokeAccess failed: the answer body is larger than the"
                  + " configured limit")
          .hasLineCount(1);
      assertThat(run.all()).doesNotContain(TOKEN);
    }

    @Test
    void revokeWhen429PastTheDeadlineThenExits3WithTheWaitAsked() {
      server.enqueue(Misbehaving.rateLimited(3600));

      CliProcess.Result run = call("revoke", "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("HTTP 429").contains("(Retry-After: 1h)");
      assertThat(Misbehaving.parse(run.out()).get("retryAfterSeconds").asLong()).isEqualTo(3600);
    }

    @Test
    void revokeWhenEveryAttemptGetsA503WithEscapesThenExits3WithACleanLine() {
      for (int i = 0; i < 3; i++) {
        server.enqueue(Misbehaving.serverErrorWithEscapes(503));
      }

      CliProcess.Result run = call("revoke");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err())
          .isEqualTo(
              "sunco-oauth revoke: revokeAccess failed: HTTP 503 [broken [31m: line break]\n");
      assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void revokeWhenRedirectedOrRefusedThenExits3Or4() {
      server.enqueue(Misbehaving.redirect());
      CliProcess.Result redirected = call("revoke");
      int port = Ports.unused();
      CliProcess.Result refused =
          run(
              tokenEnv(TOKEN),
              "revoke",
              "--base-url",
              wire.baseUrl(server).replace(":" + server.getPort(), ":" + port));

      assertThat(redirected.exitCode()).as(redirected.toString()).isEqualTo(3);
      assertThat(redirected.err()).contains("HTTP 302 (redirects are not followed)");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err())
          .contains("the connection could not be made (127.0.0.1:" + port + ") [ConnectException]");
      assertThat(redirected.all() + refused.all()).doesNotContain(TOKEN);
    }
  }
}
