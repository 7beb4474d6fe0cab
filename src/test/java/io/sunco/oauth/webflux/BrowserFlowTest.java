package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import example.ConnectApp;
import example.CustomHttpClientTest;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import io.sunco.oauth.testing.TrustStores;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.netty.ChannelBindException;
import reactor.test.StepVerifier;

/**
 * The whole flow in a real browser: Debian's headless chromium, driven through its chromedriver by
 * Selenium, opens the start route of {@link ConnectApp} (the README's example), meets the
 * emulator's interactive consent page, clicks Allow or Deny, and lands on the app's success or
 * denial page. The emulator speaks https, as the service does: the app's client trusts its
 * certificate through the README's private-trust-store configuration ({@link
 * CustomHttpClientTest#corporateClient}), and the browser trusts that certificate's key alone
 * ({@code --ignore-certificate-errors-spki-list}). Nothing is downloaded: the driver and the
 * browser are the Debian packages, named by path, so Selenium Manager never runs (the pom also
 * points {@code SE_MANAGER_PATH} at {@code /bin/false} and sets {@code SE_OFFLINE}, should anything
 * try). Skipped with a message when chromium or chromedriver is missing, except under CI (the
 * {@code CI} variable set), where that fails.
 */
class BrowserFlowTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  private static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  private static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path profile;
  @TempDir Path trust;

  private String publicUrl;
  private SunshineOAuthEmulator emulator;
  private CustomHttpClientTest.Corporate corporate;
  private SunshineOAuthClient client;
  private ConnectApp app;
  private ChromeDriverService service;
  private WebDriver browser;

  /** Skips (or, under CI, fails) each test; a skip in {@code @BeforeAll} would go unreported. */
  private static void requireBrowser() {
    if (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()) {
      return;
    }
    String missing =
        "the browser test needs Debian's chromium and chromium-driver ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install chromium chromium-driver";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      Assertions.fail("CI is set and " + missing);
    }
    Assumptions.abort("Skipped: " + missing);
  }

  @BeforeEach
  void setUp() throws Exception {
    requireBrowser();
    // The redirect URI must be registered before the emulator starts, and it names the app's port:
    // a port found free can be taken by another process before the app binds it (seen on a shared
    // machine), so a bind failure starts over with another port, at most three times.
    for (int attempt = 1; ; attempt++) {
      try {
        startAppAndEmulator(Ports.unused());
        break;
      } catch (ChannelBindException e) {
        tearDown();
        if (attempt == 3) {
          throw e;
        }
      }
    }
    startBrowser();
  }

  private void startAppAndEmulator(int port) throws Exception {
    publicUrl = "http://127.0.0.1:" + port;
    emulator =
        SunshineOAuthEmulator.builder()
            .integration(
                Integration.of(CLIENT_ID, CLIENT_SECRET, publicUrl + "/oauth/sunshine/callback"))
            .app(APP)
            .consentMode(ConsentMode.INTERACTIVE)
            .tls()
            .start();
    char[] password = "changeit".toCharArray();
    corporate =
        CustomHttpClientTest.corporateClient(
            CLIENT_ID,
            CLIENT_SECRET,
            TrustStores.pkcs12(emulator.certificatePem(), trust.resolve("emulator.p12"), password),
            password);
    client = corporate.client().newBuilder().baseUrl(emulator.baseUrl()).build();
    app = new ConnectApp(client, publicUrl, port);
  }

  private static Certificate certificate(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** What Chromium's --ignore-certificate-errors-spki-list names: base64 SHA-256 of the key. */
  private String emulatorKeyPin() {
    try {
      byte[] spki = certificate(emulator.certificatePem()).getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void startBrowser() {
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        // This certificate's key, and no other untrusted one, is accepted.
        "--ignore-certificate-errors-spki-list=" + emulatorKeyPin(),
        "--user-data-dir=" + profile.toAbsolutePath());
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(WAIT);
  }

  /**
   * Opens the start route. Once in a CI run, headless Chromium's renderer died on its first
   * navigation ("Unable to receive message from renderer"), which ends the WebDriver session: a
   * browser failure, not the flow's. Then, and only then, a fresh browser opens the route again;
   * nothing of the flow has happened yet, so the retry cannot hide a fault of ours.
   */
  private void openStart() {
    String start = publicUrl + "/oauth/sunshine/start";
    try {
      browser.get(start);
    } catch (NoSuchSessionException browserDied) {
      browser.quit();
      service.stop();
      startBrowser();
      browser.get(start);
    }
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (app != null) {
      app.close();
      app = null;
    }
    if (client != null) {
      client.close();
      corporate.client().close();
      corporate.pool().dispose();
      client = null;
    }
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }

  @Test
  void browserWhenCustomerAllowsThenSuccessPageAndSinkHoldsWorkingToken() {
    openStart();
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("allow"))).click();

    wait.until(ExpectedConditions.urlToBe(publicUrl + "/connected"));
    assertThat(browser.findElement(By.id("connected")).getText()).isEqualTo("Connected");
    assertThat(browser.manage().getCookieNamed(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME)).isNull();

    Map<String, AccessToken> tokens = app.tokens();
    assertThat(tokens).containsOnlyKeys(APP.id());
    assertThat(emulator.baseUrl()).startsWith("https://");
    StepVerifier.create(client.getTokenInfo(tokens.get(APP.id())))
        .assertNext(info -> assertThat(info.appId()).isEqualTo(APP.id()))
        .verifyComplete();
  }

  @Test
  void browserWhenCustomerDeniesThenDenialPageAndNoToken() {
    openStart();
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("deny"))).click();

    wait.until(ExpectedConditions.urlToBe(publicUrl + "/denied"));
    assertThat(browser.findElement(By.id("denied")).getText()).isEqualTo("Access was denied");
    assertThat(browser.manage().getCookieNamed(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME)).isNull();
    assertThat(app.tokens()).isEmpty();
  }
}
