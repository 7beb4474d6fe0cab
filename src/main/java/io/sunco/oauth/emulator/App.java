package io.sunco.oauth.emulator;

/**
 * A Sunshine Conversations app known to the emulator: the customer's app that an integration gets
 * access to, as {@code GET /v2/tokenInfo} describes it.
 *
 * @param id the app id, e.g. {@code 5698edbf2a43bd081be982f1}; not blank
 * @param subdomain the Zendesk subdomain of the app's account, e.g. {@code acme}; not blank
 * @param displayName the app's human readable name; not blank
 */
public record App(String id, String subdomain, String displayName) {

  /**
   * Checks the components.
   *
   * @param id the app id; not blank
   * @param subdomain the Zendesk subdomain; not blank
   * @param displayName the human readable name; not blank
   * @throws NullPointerException if a component is {@code null}
   * @throws IllegalArgumentException if a component is blank or holds control characters
   */
  public App {
    Checks.text(id, "id");
    Checks.text(subdomain, "subdomain");
    Checks.text(displayName, "displayName");
  }

  /**
   * Creates an app; same as the canonical constructor.
   *
   * @param id the app id; not blank
   * @param subdomain the Zendesk subdomain; not blank
   * @param displayName the human readable name; not blank
   * @return the app
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if an argument is blank or holds control characters
   */
  public static App of(String id, String subdomain, String displayName) {
    return new App(id, subdomain, displayName);
  }
}
