package io.sunco.oauth.emulator;

/** How the emulator's {@code GET /oauth/authorize} lets the customer decide. */
public enum ConsentMode {

  /**
   * The customer allows at once: {@code /oauth/authorize} answers {@code 302} straight to the
   * redirect URI with a fresh code. The default.
   */
  AUTOMATIC,

  /**
   * {@code /oauth/authorize} answers {@code 200} with a small HTML consent page whose buttons (ids
   * {@code allow} and {@code deny}) post the decision to {@code /oauth/authorize/decision}, which
   * then redirects with a code or with {@code error=access_denied}.
   */
  INTERACTIVE,

  /**
   * The customer denies at once: {@code /oauth/authorize} answers {@code 302} straight to the
   * redirect URI with {@code error=access_denied} (and the {@code state}), so that a test can drive
   * the denial path without a browser.
   */
  DENY
}
