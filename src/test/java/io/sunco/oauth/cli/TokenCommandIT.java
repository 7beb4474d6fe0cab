package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code sunco-oauth token}, the built jar as a process, over http and over https. */
@ParameterizedClass
@EnumSource(Wire.class)
class TokenCommandIT {

  static final String CLIENT_ID = "it-client";
  static final String SECRET = "it-client-secret-0123456789abcdef";
  static final App APP = App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex");
  static final Map<String, String> ENV = Map.of("SUNCO_CLIENT_SECRET", SECRET);

  @Parameter Wire wire;

  /** What the CLI needs to trust the server of the test: {@code --ca-file} over https. */
  String[] trust = {};

  /** A started MockWebServer on this test's wire, which the CLI runs of the test then trust. */
  private MockWebServer trustedServer() {
    trust = wire.trustingServer();
    return wire.server();
  }

  CliProcess.Result token(String baseUrl, String code, String... more) {
    String[] base = {"token", "--base-url", baseUrl, "--client-id", CLIENT_ID, "--code", code};
    return CliProcess.run(ENV, Wire.append(Wire.append(base, more), trust));
  }

  @Nested
  class AgainstTheEmulator {

    private SunshineOAuthEmulator emulator;

    @BeforeEach
    void start() {
      emulator =
          wire.emulator(
                  EmulatorChecks.emulator(
                      CLIENT_ID, SECRET, "https://bot.example.com/callback", APP))
              .start();
      trust = wire.trusting(emulator);
    }

    @AfterEach
    void stop() {
      emulator.close();
    }

    @Test
    void tokenWhenShowTokenAndJsonThenPrintsOneObjectWithAWorkingToken() {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());

      CliProcess.Result run = token(emulator.baseUrl(), code, "--show-token", "--json");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      JsonNode json = Misbehaving.parse(run.out());
      assertThat(json.get("ok").asBoolean()).isTrue();
      assertThat(json.get("tokenType").asText()).isEqualTo("Bearer");
      assertThat(json.get("revoked").asBoolean()).isFalse();
      String token = json.get("accessToken").asText();
      assertThat(json.get("tokenLength").asInt()).isEqualTo(token.length());
      assertThat(EmulatorChecks.tokenInfoStatus(emulator, token)).isEqualTo(200);
      assertThat(run.all()).doesNotContain(SECRET).doesNotContain(code);
    }

    @Test
    void tokenWhenNotShownThenSaysSoAndRevokesItSoNoGrantIsLeftBehind() {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());

      CliProcess.Result run = token(emulator.baseUrl(), code);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out())
          .startsWith("Access token issued (Bearer, ")
          .contains("not shown, and revoked at once");
      List<RecordedRequest> requests = EmulatorChecks.drain(emulator);
      List<RecordedRequest> revokes =
          EmulatorChecks.to(requests, "DELETE", SunshineOAuthEmulator.AUTHORIZATION_PATH);
      assertThat(revokes).hasSize(1);
      String token = EmulatorChecks.bearer(revokes.get(0));
      assertThat(EmulatorChecks.tokenInfoStatus(emulator, token)).isEqualTo(401);
      assertThat(run.all()).doesNotContain(token).doesNotContain(SECRET).doesNotContain(code);
    }

    @Test
    void tokenWhenTheCodeIsSpentThenExits3WithStatusAndErrorCodeInOneLineAndJson() {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      assertThat(token(emulator.baseUrl(), code, "--show-token").exitCode()).isZero();

      CliProcess.Result run = token(emulator.baseUrl(), code, "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err())
          .startsWith("sunco-oauth token: getToken failed: HTTP 400 [invalid_grant: ")
          .hasLineCount(1);
      JsonNode json = Misbehaving.parse(run.out());
      assertThat(json.get("ok").asBoolean()).isFalse();
      assertThat(json.get("exitCode").asInt()).isEqualTo(3);
      assertThat(json.get("operation").asText()).isEqualTo("getToken");
      assertThat(json.get("status").asInt()).isEqualTo(400);
      assertThat(json.get("errorCodes").get(0).asText()).isEqualTo("invalid_grant");
      assertThat(json.get("requestMayHaveBeenProcessed").asBoolean()).isFalse();
      assertThat(run.all()).doesNotContain(SECRET).doesNotContain(code);
    }

    @Test
    void tokenWhenTheSecretVariableIsUnsetThenExits2NamingItAndSendsNothing() {
      CliProcess.Result run =
          CliProcess.run(
              Map.of(),
              "token",
              "--base-url",
              emulator.baseUrl(),
              "--client-id",
              CLIENT_ID,
              "--code",
              "abc");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err())
          .startsWith("sunco-oauth token: the environment variable SUNCO_CLIENT_SECRET is not set")
          .hasLineCount(1);
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Nested
  class AgainstMisbehavingServers {

    @AutoClose private final MockWebServer server = trustedServer();

    @Test
    void tokenWhen429WithAShortRetryAfterThenRetriesAfterItAndSucceeds() throws Exception {
      String issued = "tok-" + "x".repeat(40);
      server.enqueue(Misbehaving.rateLimited(1));
      server.enqueue(Misbehaving.token(issued));
      server.enqueue(Misbehaving.json(200, "{}"));

      CliProcess.Result run = token(wire.baseUrl(server), "code-1", "--json");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(Misbehaving.parse(run.out()).get("revoked").asBoolean()).isTrue();
      assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
      assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
      // Not shown: revoked at once.
      mockwebserver3.RecordedRequest revoke = server.takeRequest();
      assertThat(revoke.getMethod()).isEqualTo("DELETE");
      assertThat(revoke.getHeaders().get("Authorization")).isEqualTo("Bearer " + issued);
      assertThat(run.all()).doesNotContain(issued);
    }

    @Test
    void tokenWhen429WithARetryAfterPastTheDeadlineThenExits3AtOnceWithTheWait() {
      server.enqueue(Misbehaving.rateLimited(120));

      CliProcess.Result run = token(wire.baseUrl(server), "code-1", "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err())
          .startsWith("sunco-oauth token: getToken failed: HTTP 429 [too_many_requests: Slow down]")
          .contains("(Retry-After: 2m)")
          .hasLineCount(1);
      JsonNode json = Misbehaving.parse(run.out());
      assertThat(json.get("retryAfterSeconds").asLong()).isEqualTo(120);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tokenWhenTheAnswerIsNotJsonThenExits5() {
      server.enqueue(Misbehaving.notJson());

      CliProcess.Result run = token(wire.baseUrl(server), "code-1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
      assertThat(run.err())
          .startsWith("sunco-oauth token: getToken failed: malformed answer to HTTP 200")
          .hasLineCount(1);
    }

    @Test
    void tokenWhenRedirectedThenExits3WithoutFollowing() {
      server.enqueue(Misbehaving.redirect());

      CliProcess.Result run = token(wire.baseUrl(server), "code-1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err())
          .isEqualTo("sunco-oauth token: getToken failed: HTTP 302 (redirects are not followed)\n");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tokenWhenTheServerNeverAnswersThenExits4AtTheDeadlineSayingTheCodeMayBeSpent() {
      server.enqueue(Misbehaving.stall());

      // Long enough for a loaded machine to send the request before the deadline: only a request
      // that went out may have spent the code.
      CliProcess.Result run = token(wire.baseUrl(server), "code-1", "--timeout", "3s");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith("sunco-oauth token: timed out after 3s during the token exchange, which then")
          .contains("getToken failed: attempt timeout of 10000 ms ran out after 1 attempt")
          .contains("the authorization code may be spent; restart the authorization")
          .contains("[127.0.0.1:" + server.getPort() + "]")
          .hasLineCount(1);
    }

    @Test
    void tokenWhenTheConnectionDropsAfterTheRequestThenExits4SayingTheCodeMayBeSpent() {
      server.enqueue(Misbehaving.dropped());

      CliProcess.Result run = token(wire.baseUrl(server), "code-1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith("sunco-oauth token: getToken failed: the connection closed")
          .contains("(127.0.0.1:" + server.getPort() + ")")
          .contains("the authorization code may be spent; restart the authorization")
          .hasLineCount(1);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tokenWhenTheAnswerIsLargerThanTheLimitThenExits4WithoutReadingIt() {
      server.enqueue(Misbehaving.oversized());

      CliProcess.Result run = token(wire.baseUrl(server), "code-1", "--json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith(
              "sunco-oauth token: getToken failed: the answer body is larger than the configured"
                  + " limit")
          .hasLineCount(1);
      assertThat(Misbehaving.parse(run.out()).get("reason").asText()).isEqualTo("BODY_TOO_LARGE");
      assertThat(run.all()).doesNotContain("pppppppp");
    }

    @Test
    void tokenWhenNothingListensThenExits4NamingHostAndPort() {
      int port = Ports.unused();

      CliProcess.Result run = token(wire.name().toLowerCase() + "://127.0.0.1:" + port, "code-1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err())
          .startsWith(
              "sunco-oauth token: getToken failed: the connection could not be made (127.0.0.1:"
                  + port
                  + ") [ConnectException]")
          .hasLineCount(1);
    }

    @Test
    void tokenWhenAServerErrorCarriesEscapesThenTheLineIsStrippedOfThem() {
      server.enqueue(Misbehaving.serverErrorWithEscapes(500));

      CliProcess.Result run = token(wire.baseUrl(server), "code-1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      // The library puts a space where a control character was; nothing of it reaches the terminal.
      assertThat(run.err())
          .isEqualTo("sunco-oauth token: getToken failed: HTTP 500 [broken [31m: line break]\n");
      assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
  }
}
