package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Revocations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, item 1, in {@code login}: once the token is issued, a failure, the deadline or Ctrl-C
 * revokes it; the emulator sees the {@code DELETE} and refuses the token afterwards.
 */
class LoginRevocationTest {

  @RegisterExtension
  final LoginEmulator fixture =
      new LoginEmulator(
          "revoke-test-client",
          "revoke-test-secret-0123456789",
          App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex"));

  private SunshineOAuthClient checker;

  @BeforeEach
  void startChecker() {
    checker = EmulatorChecks.checker(fixture.emulator).build();
  }

  @AfterEach
  void stopChecker() {
    checker.close();
  }

  private CompletableFuture<Integer> login(CliRun run, String timeout) {
    return run.start(
        fixture.login("--port", "" + fixture.port, "--timeout", timeout, "--show-token"));
  }

  /**
   * A login whose token info request hangs (answered in 30 s): started, its consent and redirect
   * followed, and the token info request received, so that the token was issued.
   */
  private CompletableFuture<Integer> loginHangingOnTokenInfo(CliRun run, String timeout)
      throws InterruptedException {
    fixture.emulator.enqueue(
        ScriptedResponse.delayed(Duration.ofSeconds(30))
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    CompletableFuture<Integer> exit = login(run, timeout);
    browse(run);
    EmulatorChecks.awaitRequest(fixture.emulator, SunshineOAuthEmulator.TOKEN_INFO_PATH);
    return exit;
  }

  /** The browser: consent (automatic), then the redirect to the login's callback server. */
  private CompletableFuture<HttpResponse<String>> browse(CliRun run) {
    String authorizeUrl = run.out.await(LoginEmulator.AUTHORIZE_URL);
    String location =
        Http.get(authorizeUrl).headers().firstValue("Location").orElseThrow(AssertionError::new);
    // The callback page waits for the exchange: follow it on a thread of its own.
    return CompletableFuture.supplyAsync(() -> Http.get(location));
  }

  @Test
  void loginWhenTokenInfoFailsThenRevokesTheIssuedTokenAndExits3() throws Exception {
    fixture.emulator.enqueue(
        ScriptedResponse.status(403)
            .withBody("{\"errors\":[{\"code\":\"forbidden\",\"title\":\"no\"}]}")
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = login(run, "30s");

    HttpResponse<String> page = browse(run).get();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
    assertThat(page.statusCode()).isEqualTo(502);
    AccessToken token = Revocations.revokedToken(fixture.emulator);
    Revocations.assertRefused(checker, token);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth login: getTokenInfo failed: HTTP 403 [forbidden: no]")
        .contains("the token issued before it has been revoked");
    assertThat(run.all()).doesNotContain(token.value()).doesNotContain(fixture.secret);
  }

  @Test
  void loginWhenTheDeadlinePassesDuringTheExchangeThenRevokesTheTokenAndExits4() throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = loginHangingOnTokenInfo(run, "8s");

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    AccessToken token = Revocations.revokedToken(fixture.emulator);
    Revocations.assertRefused(checker, token);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth login: timed out after 8s during the token exchange")
        .contains("the token issued before it has been revoked");
    assertThat(run.all()).doesNotContain(token.value());
  }

  @Test
  void loginWhenInterruptedDuringTheExchangeThenRevokesTheTokenBeforeTheJvmEnds() throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = loginHangingOnTokenInfo(run, "60s");

    // What Ctrl-C does: the JVM runs the hook, and ends once it returns.
    assertThat(run.hooks).hasSize(1);
    Thread hook = run.hooks.get(0);
    hook.start();
    hook.join(CliRun.WAIT.toMillis());

    assertThat(hook.isAlive()).isFalse();
    // The revocation was answered before the hook returned.
    AccessToken token = Revocations.revokedToken(fixture.emulator);
    Revocations.assertRefused(checker, token);
    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_INTERRUPTED);
    assertThat(run.err.toString())
        .isEqualTo("sunco-oauth login: interrupted; the token issued before it has been revoked\n");
    assertThat(run.removedHooks).containsExactly(hook);
  }

  @Test
  void loginWhenInterruptedAndTheRevocationFailsThenSaysTheTokenStaysValidBeforeTheHookReturns()
      throws Exception {
    fixture.emulator.enqueue(
        ScriptedResponse.status(500).always().onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = loginHangingOnTokenInfo(run, "60s");

    Thread hook = run.hooks.get(0);
    hook.start();
    hook.join(CliRun.WAIT.toMillis());

    assertThat(hook.isAlive()).isFalse();
    // Printed before the hook returned: after it, the JVM halts.
    assertThat(run.err.toString())
        .startsWith(
            "sunco-oauth login: interrupted; a token was issued and could not be revoked: it"
                + " stays valid. To end it: run login --show-token again and revoke that token")
        .containsOnlyOnce("\n");
    AccessToken token = Revocations.revokedToken(fixture.emulator);
    Revocations.assertValid(checker, token);
    assertThat(CliRun.exitCode(exit)).isEqualTo(SuncoOAuthCli.EXIT_INTERRUPTED);
    assertThat(run.all()).doesNotContain(token.value());
  }
}
