package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Revocations;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sunco-oauth token} as a process, guarded like {@code login}: a signal or the deadline
 * during a slow token answer ends the wait, not the request, and the token that arrives afterwards
 * is revoked before the process ends. The emulator answers the token request {@link #SLOW} late:
 * half the exchange's own attempt deadline ({@link TokenCommand#ANSWER_GRACE}), so that the signal
 * has that long to land before the answer, and the answer that long to come before the exchange
 * gives up. Over http and over https.
 */
@ParameterizedClass
@EnumSource(Wire.class)
class TokenCommandSignalIT {

  static final String CLIENT_ID = TokenCommandIT.CLIENT_ID;
  static final String SECRET = TokenCommandIT.SECRET;
  static final App APP = TokenCommandIT.APP;
  static final Duration SLOW = TokenCommand.ANSWER_GRACE.dividedBy(2);

  @Parameter Wire wire;

  private SunshineOAuthEmulator emulator;
  private SunshineOAuthClient checker;

  @BeforeEach
  void start() {
    emulator =
        wire.emulator(
                SunshineOAuthEmulator.builder()
                    .integration(
                        Integration.of(CLIENT_ID, SECRET, "https://bot.example.com/callback"))
                    .app(APP))
            .start();
    checker = EmulatorChecks.checker(emulator).build();
  }

  @AfterEach
  void stop() {
    checker.close();
    emulator.close();
  }

  private CliProcess token(String code, String... more) {
    String[] base = {
      "token", "--base-url", emulator.baseUrl(), "--client-id", CLIENT_ID, "--code", code
    };
    return CliProcess.start(TokenCommandIT.ENV, wire.trusting(emulator, Wire.append(base, more)));
  }

  private void awaitTokenRequest() throws InterruptedException {
    while (true) {
      Optional<RecordedRequest> next = emulator.takeRequest(CliRun.WAIT);
      assertThat(next).as("a token request").isPresent();
      if (next.get().pathWithoutQuery().equals(SunshineOAuthEmulator.TOKEN_PATH)) {
        return;
      }
    }
  }

  @Test
  void tokenWhenTerminatedWhileTheAnswerIsSlowThenRevokesTheTokenBeforeTheProcessEnds()
      throws Exception {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
    emulator.enqueue(ScriptedResponse.delayed(SLOW).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
    try (CliProcess token = token(code, "--show-token")) {
      awaitTokenRequest();

      CliProcess.Result run = token.terminate();

      AccessToken revoked = Revocations.revokedToken(emulator);
      Revocations.assertRefused(checker, revoked);
      // SIGTERM: the JVM ends with 128 + 15 once the hook let the command finish.
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              "sunco-oauth token: interrupted during the token exchange; the token issued after it"
                  + " has been revoked\n");
      assertThat(run.all()).doesNotContain(revoked.value()).doesNotContain(SECRET);
      assertThat(run.all()).doesNotContain(code);
    }
  }

  @Test
  void tokenWhenTheDeadlinePassesWhileTheAnswerIsSlowThenRevokesTheLateTokenAndExits4()
      throws Exception {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
    emulator.enqueue(ScriptedResponse.delayed(SLOW).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
    // Any deadline shorter than the slow answer: the answer comes after it whenever the request
    // is sent, and within the exchange's own attempt deadline.
    Duration timeout = SLOW.dividedBy(5);

    CliProcess.Result run =
        token(code, "--show-token", "--json", "--timeout", timeout.toMillis() + "ms").awaitExit();

    AccessToken revoked = Revocations.revokedToken(emulator);
    Revocations.assertRefused(checker, revoked);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "sunco-oauth token: timed out after "
                + Durations.format(timeout)
                + " during the token exchange; the token issued after it has been revoked\n");
    JsonNode json = Misbehaving.parse(run.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("exitCode").asInt()).isEqualTo(4);
    assertThat(json.has("accessToken")).isFalse();
    assertThat(run.all()).doesNotContain(revoked.value()).doesNotContain(SECRET);
  }

  @Test
  void tokenWhenShowTokenThenStdoutCarriesTheTokenAloneAndTheRestGoesToStderr() {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());

    CliProcess.Result run = token(code, "--show-token").awaitExit();

    assertThat(run.exitCode()).as(run.toString()).isZero();
    // What $(sunco-oauth token ... --show-token) captures: the token, with no other word.
    String token = run.out().strip();
    assertThat(run.out()).isEqualTo(token + "\n");
    assertThat(EmulatorChecks.tokenInfoStatus(emulator, token)).isEqualTo(200);
    assertThat(run.err()).startsWith("Access token issued (Bearer), kept").doesNotContain(token);
    assertThat(emulator.requestCount(SunshineOAuthEmulator.AUTHORIZATION_PATH)).isZero();
  }
}
