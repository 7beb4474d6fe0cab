package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.Credentials;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.testing.Revocations;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Issue 15, item 1, CLI part: the {@code emulator} command registers an API key from variables. */
class EmulatorApiKeyTest {

  private static final String SECRET = "client-secret-for-the-key-test";
  private static final String KEY_ID = "app_5f1a0c2b3d4e5f6a";
  private static final String KEY_SECRET = "key-secret-never-printed-0123456789";
  private static final Pattern BASE_URL =
      Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)\\R");

  @Test
  void emulatorWhenKeyVariablesAreSetThenRevokesWithBasicAndJwtAndNeverShowsTheSecret() {
    CliRun run =
        new CliRun(
            Map.of(
                "SUNCO_CLIENT_SECRET", SECRET,
                "SUNCO_EMULATOR_KEY_ID", KEY_ID,
                "SUNCO_EMULATOR_KEY_SECRET", KEY_SECRET));
    CompletableFuture<Integer> exit = run.start("emulator", "--port", "0");
    String baseUrl = run.out.await(BASE_URL);
    SunshineOAuthEmulator emulator = run.emulators.get(0);
    try (SunshineOAuthClient client =
        SunshineOAuthClient.builder()
            .clientId("demo-client")
            .baseUrl(baseUrl)
            .retryPolicy(RetryPolicy.none())
            .build()) {
      AccessToken first =
          AccessToken.bearer(emulator.issueAccessToken("demo-client", DemoCommand.APP.id()));
      StepVerifier.create(client.revokeAccess(Credentials.basic(KEY_ID, KEY_SECRET)))
          .verifyComplete();
      Revocations.assertRefused(client, first);

      AccessToken second =
          AccessToken.bearer(emulator.issueAccessToken("demo-client", DemoCommand.APP.id()));
      StepVerifier.create(
              client.revokeAccess(Credentials.jwt(KEY_ID, KEY_SECRET, Credentials.JwtScope.APP)))
          .verifyComplete();
      Revocations.assertRefused(client, second);

      StepVerifier.create(client.revokeAccess(Credentials.basic(KEY_ID, "not-the-secret")))
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOfSatisfying(
                          SunshineApiException.class,
                          api -> assertThat(api.status()).isEqualTo(401)))
          .verify();
    }
    run.out.await(Pattern.compile("DELETE /oauth/authorization 401 \\d+ms"));
    run.cli.stop();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    assertThat(run.out.toString())
        .contains(
            "  API key:       "
                + KEY_ID
                + " (app scope, secret from $SUNCO_EMULATOR_KEY_SECRET, not shown)")
        .containsPattern("DELETE /oauth/authorization 200 \\d+ms");
    assertThat(run.all()).doesNotContain(KEY_SECRET).doesNotContain(SECRET);
  }

  @Test
  void emulatorWhenAccountScopeThenRegistersAnAccountKey() {
    CliRun run =
        new CliRun(
            Map.of(
                "SUNCO_CLIENT_SECRET", SECRET,
                "MY_KEY", "acct_1",
                "MY_KEY_SECRET", KEY_SECRET));
    CompletableFuture<Integer> exit =
        run.start(
            "emulator",
            "--port",
            "0",
            "--quiet",
            "--api-key-id-env",
            "MY_KEY",
            "--api-key-secret-env",
            "MY_KEY_SECRET",
            "--api-key-scope",
            "account");
    run.out.await(BASE_URL);
    run.cli.stop();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    assertThat(run.out.toString())
        .contains("  API key:       acct_1 (account scope, secret from $MY_KEY_SECRET, not shown)")
        .doesNotContain("Requests (time");
  }

  @Test
  void emulatorWhenOnlyOneKeyVariableIsSetOrTheIdIsBadThenExits2WithoutTheSecret() {
    CliRun half =
        new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET, "SUNCO_EMULATOR_KEY_SECRET", KEY_SECRET));
    CliRun bad =
        new CliRun(
            Map.of(
                "SUNCO_CLIENT_SECRET", SECRET,
                "SUNCO_EMULATOR_KEY_ID", "has:colon",
                "SUNCO_EMULATOR_KEY_SECRET", KEY_SECRET));

    assertThat(half.run("emulator", "--port", "0")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(bad.run("emulator", "--port", "0")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

    assertThat(half.err.toString())
        .isEqualTo(
            "sunco-oauth emulator: an API key needs both SUNCO_EMULATOR_KEY_ID and"
                + " SUNCO_EMULATOR_KEY_SECRET; only SUNCO_EMULATOR_KEY_SECRET is set\n");
    assertThat(bad.err.toString())
        .startsWith("sunco-oauth emulator: invalid API key in SUNCO_EMULATOR_KEY_ID")
        .hasLineCount(1);
    assertThat(half.all() + bad.all()).doesNotContain(KEY_SECRET);
    assertThat(half.emulators).isEmpty();
    assertThat(bad.emulators).isEmpty();
  }
}
