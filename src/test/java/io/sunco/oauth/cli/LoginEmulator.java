package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The emulator an in-process {@code login} test runs against, started before each test and closed
 * after it: one integration whose redirect URI is {@code http://127.0.0.1:PORT/callback} on a free
 * port, automatic consent. Register it with {@code @RegisterExtension}.
 */
final class LoginEmulator implements BeforeEachCallback, AfterEachCallback {

  /** The authorize URL line that {@code login} prints. */
  static final Pattern AUTHORIZE_URL =
      Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:\\d+/oauth/authorize\\?\\S+)\\R");

  final String clientId;
  final String secret;
  final App app;

  /** The port of the registered redirect URI, free when the test starts. */
  int port;

  @SuppressWarnings("NullAway.Init") // set before each test
  SunshineOAuthEmulator emulator;

  LoginEmulator(String clientId, String secret, App app) {
    this.clientId = clientId;
    this.secret = secret;
    this.app = app;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    port = Ports.unused();
    emulator =
        EmulatorChecks.emulator(clientId, secret, redirectUri(), app)
            .consentMode(ConsentMode.AUTOMATIC)
            .start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    emulator.close();
  }

  /** The registered redirect URI. */
  String redirectUri() {
    return "http://127.0.0.1:" + port + "/callback";
  }

  /** A run whose environment holds the integration's secret in {@code SUNCO_CLIENT_SECRET}. */
  CliRun newRun() {
    return new CliRun(Map.of("SUNCO_CLIENT_SECRET", secret));
  }

  /** {@code login} against the emulator with this client id, no browser, then {@code more}. */
  String[] login(String... more) {
    return Wire.append(
        new String[] {
          "login", "--client-id", clientId, "--base-url", emulator.baseUrl(), "--no-browser"
        },
        more);
  }
}
