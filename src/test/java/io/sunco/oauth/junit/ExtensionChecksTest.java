package io.sunco.oauth.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;

/** The extension's checks and helpers: secrets in URLs, request counts, the consent redirect. */
class ExtensionChecksTest {

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension EMULATOR =
      SunshineOAuthEmulatorExtension.builder()
          .integration(Integration.of("first", "first-secret-123", "http://127.0.0.1:1/cb"))
          .integration(Integration.of("second", "second-secret-456", "http://127.0.0.1:2/cb"))
          .clientId("second")
          .build();

  static final List<String> URLS = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    URLS.clear();
  }

  static void get(String url) {
    BlockingHttp.get(url);
  }

  static class LeaksATokenFixture {
    @RegisterExtension
    static final SunshineOAuthEmulatorExtension EMULATOR =
        SunshineOAuthEmulatorExtension.builder().build();

    @Test
    void leaks(SunshineOAuthEmulator emulator) {
      String token =
          emulator.issueAccessToken(
              SunshineOAuthEmulatorExtension.DEFAULT_CLIENT_ID,
              SunshineOAuthEmulatorExtension.DEFAULT_APP.id());
      URLS.add(token);
      get(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH + "?t=" + token);
    }
  }

  static class LeaksButUncheckedFixture {
    @RegisterExtension
    static final SunshineOAuthEmulatorExtension EMULATOR =
        SunshineOAuthEmulatorExtension.builder().checkNoSecretInUrls(false).build();

    @Test
    void leaks(SunshineOAuthEmulator emulator) {
      get(
          emulator.baseUrl()
              + "/x?client_secret="
              + SunshineOAuthEmulatorExtension.DEFAULT_CLIENT_SECRET);
    }
  }

  @Test
  void afterEachWhenATestSentATokenInAUrlThenThatTestFailsWithoutShowingIt() {
    TestExecutionSummary summary = Fixtures.run(LeaksATokenFixture.class);

    assertThat(Fixtures.failures(summary))
        .singleElement()
        .isInstanceOfSatisfying(
            AssertionFailedError.class,
            failure ->
                assertThat(failure.getMessage())
                    .contains("carried a secret")
                    .contains("GET /v2/tokenInfo")
                    .doesNotContain(URLS.get(0)));
  }

  @Test
  void afterEachWhenCheckTurnedOffThenALeakingTestPasses() {
    TestExecutionSummary summary = Fixtures.run(LeaksButUncheckedFixture.class);

    assertThat(Fixtures.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void clientWhenClientIdChosenThenThatIntegrationsCredentials(SunshineOAuthClient client) {
    assertThat(client.clientId()).isEqualTo("second");
  }

  @Test
  void followConsentWhenAutomaticThenTheRedirectWithCodeAndState(SunshineOAuthClient client) {
    URI consent =
        URI.create(client.authorizeUrl(AuthorizeRequest.of("http://127.0.0.1:2/cb", "st")));

    URI redirect = EMULATOR.followConsent(consent);

    assertThat(redirect.toString()).startsWith("http://127.0.0.1:2/cb?code=").endsWith("&state=st");
  }

  @Test
  void followConsentWhenNoRedirectThenAssertionFailure(
      SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
    emulator.consentMode(ConsentMode.INTERACTIVE);
    URI consent =
        URI.create(client.authorizeUrl(AuthorizeRequest.of("http://127.0.0.1:2/cb", "st")));

    assertThatThrownBy(() -> EMULATOR.followConsent(consent))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("200");
  }

  @Test
  void assertRequestCountWhenCountDiffersThenFailsNamingThePath(SunshineOAuthEmulator emulator) {
    get(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH);

    EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_INFO_PATH, 1);
    EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 0);
    assertThatThrownBy(
            () ->
                EmulatorAssertions.assertRequestCount(
                    emulator, SunshineOAuthEmulator.TOKEN_INFO_PATH, 2))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining(SunshineOAuthEmulator.TOKEN_INFO_PATH)
        .hasMessageContaining("expected: <2> but was: <1>");
    assertThatThrownBy(() -> EmulatorAssertions.assertRequestCount(emulator, "/x", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void assertNoSecretInUrlsWhenNoneThenPassesAndWhenOneThenFails(SunshineOAuthEmulator emulator) {
    EmulatorAssertions.assertNoSecretInUrls(emulator);
    get(emulator.baseUrl() + "/x?access_token=abc");

    assertThatThrownBy(() -> EmulatorAssertions.assertNoSecretInUrls(emulator))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("1 request(s)");
    emulator.reset(); // so that this test's own after-each check passes
  }

  @Test
  void accessorsWhenRunningThenTheCurrentEmulator(SunshineOAuthEmulator emulator) {
    assertThat(EMULATOR.emulator()).isSameAs(emulator);
    assertThat(EMULATOR.baseUrl()).isEqualTo(emulator.baseUrl());
    assertThat(EMULATOR.toString())
        .contains("2 integrations")
        .contains(emulator.baseUrl())
        .doesNotContain("first-secret-123");
  }

  @Test
  void accessorsWhenNotRunningThenIllegalState() {
    SunshineOAuthEmulatorExtension idle = SunshineOAuthEmulatorExtension.builder().build();

    assertThatThrownBy(idle::emulator).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(idle::client).isInstanceOf(IllegalStateException.class);
    assertThat(idle.toString()).doesNotContain("running");
  }
}
