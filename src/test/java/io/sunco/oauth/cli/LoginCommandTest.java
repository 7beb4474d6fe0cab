package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.internal.CallbackPage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginCommandTest {

  private static final App APP = App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex <Help> & Co");
  private static final Pattern AUTHORIZE_URL = LoginEmulator.AUTHORIZE_URL;

  @RegisterExtension
  final LoginEmulator fixture =
      new LoginEmulator("cli-test-client", "cli-test-secret-0123456789", APP);

  private CompletableFuture<Integer> login(CliRun run, String... more) {
    return run.start(fixture.login(more));
  }

  /** What the browser does: the consent navigation, then the redirect to the callback server. */
  private HttpResponse<String> browse(String authorizeUrl) {
    HttpResponse<String> consent = Http.get(authorizeUrl);
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    String location = consent.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(fixture.redirectUri() + "?code=");
    return Http.get(location);
  }

  @Test
  void loginWhenCustomerAllowsThenExchangesCodeAndPrintsTokenInfo() throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = login(run, "--port", "" + fixture.port, "--timeout", "30s");

    String authorizeUrl = run.out.await(AUTHORIZE_URL);
    assertThat(Http.query(authorizeUrl))
        .containsEntry("client_id", fixture.clientId)
        .containsEntry("response_type", "code")
        .containsEntry("redirect_uri", fixture.redirectUri())
        .containsKey("state");
    HttpResponse<String> page = browse(authorizeUrl);

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValue(CallbackPage.HEADERS.get("Content-Type"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.body())
        .contains("Access granted")
        .contains("Globex &lt;Help&gt; &amp; Co")
        .doesNotContain("<Help>");
    assertThat(run.out.toString())
        .contains("Redirect received with the expected state")
        .contains("app id:       " + APP.id())
        .contains("subdomain:    globex")
        .contains("display name: Globex <Help> & Co")
        .contains("not shown and revoked: --show-token keeps and prints it");
    String token = issuedToken();
    assertThat(run.all()).doesNotContain(token).doesNotContain(fixture.secret);
    assertThat(page.body()).doesNotContain(token);
    assertThat(run.out.toString()).contains("access token: " + Mask.mask(token));
    // A token nobody holds would stay a live grant: it was revoked.
    assertThat(EmulatorChecks.tokenInfoStatus(fixture.emulator, token)).isEqualTo(401);
  }

  @Test
  void loginWhenPrintTokenThenPrintsTheIssuedTokenInFull() throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit =
        login(run, "--port", "" + fixture.port, "--timeout", "PT30S", "--print-token");

    browse(run.out.await(AUTHORIZE_URL));

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    String token = issuedToken();
    assertThat(run.out.toString()).contains("access token: " + token + "\n");
    assertThat(EmulatorChecks.tokenInfoStatus(fixture.emulator, token)).isEqualTo(200);
  }

  @Test
  void loginWhenCallbacksCarryAWrongMissingOrMalformedStateThenAnswers400AndKeepsWaiting()
      throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = login(run, "--port", "" + fixture.port, "--timeout", "30s");
    String authorizeUrl = run.out.await(AUTHORIZE_URL);
    String redirectUri = Http.query(authorizeUrl).get("redirect_uri");
    String code = fixture.emulator.issueAuthorizationCode(fixture.clientId, APP.id());

    // A web page's <img>, a local process, a forged or stale redirect: none may end the login.
    for (String query :
        List.of(
            "",
            "?code=" + code,
            "?code=" + code + "&state=forged-state",
            "?error=access_denied&state=forged-state",
            "?code=a&code=b&state=x",
            "?state=a&state=b",
            "?state=")) {
      HttpResponse<String> page = Http.get(redirectUri + query);
      assertThat(page.statusCode()).as(query).isEqualTo(400);
      assertThat(page.body()).contains("Callback rejected").doesNotContain(code);
    }
    assertThat(exit).as(run.all()).isNotDone();
    run.out.await(Pattern.compile("Ignored a request to the callback: .*state does not match"));
    run.out.await(Pattern.compile("Ignored a request to the callback: .*carries no state"));

    HttpResponse<String> page = browse(authorizeUrl);

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Access granted");
    assertThat(run.all()).doesNotContain(code);
    assertThat(tokenRequests()).isEqualTo(1);
  }

  @Test
  void loginWhenOnlyForgedCallbacksArriveThenTimesOutAndFreesThePort() {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = login(run, "--port", "" + fixture.port, "--timeout", "2s");

    String redirectUri = Http.query(run.out.await(AUTHORIZE_URL)).get("redirect_uri");
    int boundPort = URI.create(redirectUri).getPort();
    assertThat(Http.get(redirectUri + "?code=abc&state=forged").statusCode()).isEqualTo(400);

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth login: timed out after 2s")
        .contains("1 other request(s) to it were refused");
    assertThat(Http.listening(boundPort)).isFalse();
  }

  @Test
  void loginWhenCustomerDeniesThenShowsDenialAndExits3AsAServerError() throws Exception {
    CliRun run = fixture.newRun();
    CompletableFuture<Integer> exit = login(run, "--port", "" + fixture.port, "--timeout", "30s");

    Map<String, String> query = Http.query(run.out.await(AUTHORIZE_URL));
    HttpResponse<String> page =
        Http.get(
            query.get("redirect_uri")
                + "?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state="
                + query.get("state"));

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Access not granted").contains("access_denied");
    assertThat(run.err.toString())
        .isEqualTo("sunco-oauth login: access was not granted: error=access_denied (<b>no</b>)\n");
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void loginWhenNoCallbackBeforeTimeoutThenExits4() {
    CliRun run = fixture.newRun();

    int exit = run.run(fixture.login("--port", "" + fixture.port, "--timeout", "1500ms"));

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(run.out.toString()).contains("Waiting up to 1500ms");
    assertThat(run.err.toString()).contains("sunco-oauth login: timed out after 1500ms");
  }

  @Test
  void loginWhenBrowserAllowedThenOpensTheAuthorizeUrlAndSaysWhenItCannot() {
    CliRun run = fixture.newRun().browserWorks(false);

    int exit =
        run.run(
            "login",
            "--client-id",
            fixture.clientId,
            "--base-url",
            fixture.emulator.baseUrl(),
            "--port",
            "" + fixture.port,
            "--timeout",
            "1s");

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(run.opened).hasSize(1);
    assertThat(run.out.toString())
        .contains("  " + run.opened.get(0) + "\n")
        .contains("No browser could be opened: open the URL yourself.");
  }

  @Test
  void loginWhenNoBrowserThenNeverOpensOne() {
    CliRun run = fixture.newRun().browserWorks(true);

    int exit = run.run(fixture.login("--port", "" + fixture.port, "--timeout", "1s"));

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(run.opened).isEmpty();
  }

  @Test
  void loginWhenPortIsTakenThenExits4WithAHint() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CliRun run = fixture.newRun();

      int exit = run.run(fixture.login("--port", "" + taken.getLocalPort()));

      assertThat(exit).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
      assertThat(run.err.toString())
          .startsWith("sunco-oauth login: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void loginWhenTokenExchangeFailsThenExits3AndTellsTheBrowser() throws Exception {
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", "not-the-secret"));
    CompletableFuture<Integer> exit = login(run, "--port", "" + fixture.port, "--timeout", "30s");

    HttpResponse<String> page = browse(run.out.await(AUTHORIZE_URL));

    assertThat(CliRun.exitCode(exit)).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.body()).contains("Sign-in failed");
    assertThat(run.err.toString()).startsWith("sunco-oauth login: getToken failed: HTTP 401");
    assertThat(run.all()).doesNotContain("not-the-secret");
  }

  private String issuedToken() {
    List<RecordedRequest> tokenInfos =
        EmulatorChecks.to(
            EmulatorChecks.drain(fixture.emulator), "GET", SunshineOAuthEmulator.TOKEN_INFO_PATH);
    assertThat(tokenInfos).as("tokenInfo requests").isNotEmpty();
    return EmulatorChecks.bearer(tokenInfos.get(0));
  }

  private long tokenRequests() {
    return EmulatorChecks.to(
            EmulatorChecks.drain(fixture.emulator), "POST", SunshineOAuthEmulator.TOKEN_PATH)
        .size();
  }
}
