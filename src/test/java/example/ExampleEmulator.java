package example;

import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;

/** The emulator the example tests share: the integration and the app that the guides name. */
final class ExampleEmulator {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final String PUBLIC_URL = "https://bot.example.com"; // behind a TLS-terminating proxy
  static final String CALLBACK = PUBLIC_URL + "/oauth/callback";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme");

  /** The callback of the library's routes at their default prefix, behind {@link #PUBLIC_URL}. */
  static final String ROUTES_CALLBACK = PUBLIC_URL + "/oauth/sunshine/callback";

  private ExampleEmulator() {}

  /** One emulator for a test class, with that integration (redirect URI {@link #CALLBACK}). */
  static SunshineOAuthEmulatorExtension extension() {
    return extension(CALLBACK);
  }

  /**
   * An emulator with that integration, registered with {@code redirectUri}: one for the test class
   * in a static field, one per test in an instance field.
   */
  static SunshineOAuthEmulatorExtension extension(String redirectUri) {
    return SunshineOAuthEmulatorExtension.builder()
        .integration(Integration.of(CLIENT_ID, SECRET, redirectUri))
        .app(APP)
        .build();
  }
}
