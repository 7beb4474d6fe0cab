package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Revocations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1, in {@code login}: once the token is issued, a failure, the deadline or Ctrl-C
 * revokes it; the emulator sees the {@code DELETE} and refuses the token afterwards.
 */
class LoginRevocationTest {

  private static final String CLIENT_ID = "revoke-test-client";
  private static final String SECRET = "revoke-test-secret-0123456789";
  private static final App APP = App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex");
  private static final Pattern AUTHORIZE_URL =
      Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:\\d+/oauth/authorize\\?\\S+)$");

  private int port;
  private SunshineOAuthEmulator emulator;
  private SunshineOAuthClient checker;

  @BeforeEach
  void startEmulator() {
    port = Http.freePort();
    emulator =
        SunshineOAuthEmulator.builder()
            .integration(
                Integration.of(CLIENT_ID, SECRET, "http://127.0.0.1:" + port + "/callback"))
            .app(APP)
            .consentMode(ConsentMode.AUTOMATIC)
            .start();
    checker = SunshineOAuthClient.builder().clientId("checker").baseUrl(emulator.baseUrl()).build();
  }

  @AfterEach
  void stopEmulator() {
    checker.close();
    emulator.close();
  }

  private CompletableFuture<Integer> login(CliRun run, String timeout) {
    return run.start(
        "login",
        "--client-id",
        CLIENT_ID,
        "--base-url",
        emulator.baseUrl(),
        "--no-browser",
        "--port",
        "" + port,
        "--timeout",
        timeout,
        "--show-token");
  }

  /** The browser: consent (automatic), then the redirect to the login's callback server. */
  private CompletableFuture<HttpResponse<String>> browse(CliRun run) {
    String authorizeUrl = run.out.await(AUTHORIZE_URL);
    String location =
        Http.get(authorizeUrl).headers().firstValue("Location").orElseThrow(AssertionError::new);
    // The callback page waits for the exchange: follow it on a thread of its own.
    return CompletableFuture.supplyAsync(() -> Http.get(location));
  }

  /** Waits until the emulator has received the token info request, the one left hanging. */
  private void awaitTokenInfoRequest() throws InterruptedException {
    while (true) {
      Optional<RecordedRequest> next = emulator.takeRequest(CliRun.WAIT);
      assertThat(next).as("a tokenInfo request").isPresent();
      if (next.get().pathWithoutQuery().equals(SunshineOAuthEmulator.TOKEN_INFO_PATH)) {
        return;
      }
    }
  }

  @Test
  void loginWhenTokenInfoFailsThenRevokesTheIssuedTokenAndExits3() throws Exception {
    emulator.enqueue(
        ScriptedResponse.status(403)
            .withBody("{\"errors\":[{\"code\":\"forbidden\",\"title\":\"no\"}]}")
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = login(run, "30s");

    HttpResponse<String> page = browse(run).get();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
    assertThat(page.statusCode()).isEqualTo(502);
    AccessToken token = Revocations.revokedToken(emulator);
    Revocations.assertRefused(checker, token);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth login: getTokenInfo failed: HTTP 403 [forbidden: no]")
        .contains("the token issued before it has been revoked");
    assertThat(run.all()).doesNotContain(token.value()).doesNotContain(SECRET);
  }

  @Test
  void loginWhenTheDeadlinePassesDuringTheExchangeThenRevokesTheTokenAndExits4() throws Exception {
    emulator.enqueue(
        ScriptedResponse.delayed(Duration.ofSeconds(30))
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = login(run, "8s");

    browse(run);
    awaitTokenInfoRequest();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    AccessToken token = Revocations.revokedToken(emulator);
    Revocations.assertRefused(checker, token);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth login: timed out after 8s during the token exchange")
        .contains("the token issued before it has been revoked");
    assertThat(run.all()).doesNotContain(token.value());
  }

  @Test
  void loginWhenInterruptedDuringTheExchangeThenRevokesTheTokenBeforeTheJvmEnds() throws Exception {
    emulator.enqueue(
        ScriptedResponse.delayed(Duration.ofSeconds(30))
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = login(run, "60s");
    browse(run);
    awaitTokenInfoRequest();

    // What Ctrl-C does: the JVM runs the hook, and ends once it returns.
    assertThat(run.hooks).hasSize(1);
    Thread hook = run.hooks.get(0);
    hook.start();
    hook.join(CliRun.WAIT.toMillis());

    assertThat(hook.isAlive()).isFalse();
    // The revocation was answered before the hook returned.
    AccessToken token = Revocations.revokedToken(emulator);
    Revocations.assertRefused(checker, token);
    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_INTERRUPTED);
    assertThat(run.err.toString())
        .isEqualTo("sunco-oauth login: interrupted; the token issued before it has been revoked\n");
    assertThat(run.removedHooks).containsExactly(hook);
  }

  @Test
  void loginWhenInterruptedAndTheRevocationFailsThenSaysTheTokenStaysValidBeforeTheHookReturns()
      throws Exception {
    emulator.enqueue(
        ScriptedResponse.delayed(Duration.ofSeconds(30))
            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));
    emulator.enqueue(
        ScriptedResponse.status(500).always().onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = login(run, "60s");
    browse(run);
    awaitTokenInfoRequest();

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
    AccessToken token = Revocations.revokedToken(emulator);
    Revocations.assertValid(checker, token);
    assertThat(CliRun.exitCode(exit)).isEqualTo(SuncoOAuthCli.EXIT_INTERRUPTED);
    assertThat(run.all()).doesNotContain(token.value());
  }
}
