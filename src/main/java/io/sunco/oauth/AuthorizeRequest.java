package io.sunco.oauth;

import io.sunco.oauth.internal.CharClass;
import io.sunco.oauth.internal.UrlRule;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of the consent URL built by {@link SunshineOAuthClient#authorizeUrl}: the redirect
 * URI the customer's browser comes back to and the {@code state} that protects the callback.
 *
 * <p>The state is the only protection of this flow against login CSRF (the service has no PKCE), so
 * {@link SunshineOAuthClient#authorizeUrl} refuses a request without one. Give it one (at least 128
 * bits of randomness, single use, bound to the browser session: {@code
 * io.sunco.oauth.callback.StateGenerator} makes such states, {@code AuthorizationCallback} checks
 * them), or say that you give that protection up with {@link
 * Builder#withoutStateGivingUpCsrfProtection()}. A request built once with the redirect URI and no
 * state is a template: derive each customer's with {@link #withState(String)}.
 *
 * <p>Checked when built: the state must be printable ASCII; the redirect URI must be absolute,
 * without a fragment or user info, and {@code https}, or {@code http} on a loopback host only. The
 * redirect URI is sent byte for byte as given, because the server compares exact strings.
 */
public final class AuthorizeRequest {

  private final Optional<String> redirectUri;
  private final Optional<String> state;
  private final boolean withoutStateAccepted;

  private AuthorizeRequest(Builder builder) {
    this.redirectUri = Optional.ofNullable(builder.redirectUri);
    this.state = Optional.ofNullable(builder.state);
    this.withoutStateAccepted = builder.withoutStateAccepted;
  }

  /**
   * A request with both a redirect URI and a state.
   *
   * @param redirectUri one of the redirect URIs registered for the integration
   * @param state the state to echo back on the redirect
   * @return the request
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument breaks the rules in the class description
   */
  public static AuthorizeRequest of(String redirectUri, String state) {
    return builder().redirectUri(redirectUri).state(state).build();
  }

  /**
   * A copy with another state and the same redirect URI, which is not checked again: build one
   * request with the redirect URI once, then derive one per customer with its fresh state.
   *
   * @param state the state to echo back on the redirect
   * @return the new request; this one is unchanged
   * @throws NullPointerException if {@code state} is null
   * @throws IllegalArgumentException if it breaks the rules of {@link Builder#state(String)}
   */
  public AuthorizeRequest withState(String state) {
    Builder builder = new Builder().state(state);
    builder.redirectUri = redirectUri.orElse(null);
    return builder.build();
  }

  /**
   * A builder with neither a redirect URI (the server then takes the first registered one) nor a
   * state (set one, derive requests with {@link #withState(String)}, or opt out with {@link
   * Builder#withoutStateGivingUpCsrfProtection()}).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The redirect URI, exactly as given.
   *
   * @return the redirect URI, or empty to let the server use the first registered one
   */
  public Optional<String> redirectUri() {
    return redirectUri;
  }

  /**
   * The state.
   *
   * @return the state, or empty when none is sent
   */
  public Optional<String> state() {
    return state;
  }

  /**
   * Whether this request was built with {@link Builder#withoutStateGivingUpCsrfProtection()}, so
   * that a consent URL without a state may be built from it.
   *
   * @return {@code true} when the caller gave the state up explicitly
   */
  public boolean isWithoutStateAccepted() {
    return withoutStateAccepted;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuthorizeRequest request
        && redirectUri.equals(request.redirectUri)
        && state.equals(request.state)
        && withoutStateAccepted == request.withoutStateAccepted;
  }

  @Override
  public int hashCode() {
    return Objects.hash(redirectUri, state, withoutStateAccepted);
  }

  /** Shows the redirect URI; the state is a CSRF secret and is never shown. */
  @Override
  public String toString() {
    return "AuthorizeRequest[redirectUri="
        + redirectUri.orElse("(first registered)")
        + ", state="
        + (state.isPresent() ? "****" : withoutStateAccepted ? "(none, given up)" : "(none)")
        + "]";
  }

  /** Builds an {@link AuthorizeRequest}; each setter checks its argument at once. */
  public static final class Builder {
    private @Nullable String redirectUri;
    private @Nullable String state;
    private boolean withoutStateAccepted;

    private Builder() {}

    /**
     * Sets the redirect URI, sent byte for byte as given.
     *
     * @param redirectUri an absolute {@code https} URI, or {@code http} on a loopback host, without
     *     fragment or user info
     * @return this builder
     * @throws NullPointerException if {@code redirectUri} is null
     * @throws IllegalArgumentException if it breaks one of these rules
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = checkRedirectUri(redirectUri);
      return this;
    }

    /**
     * Sets the redirect URI from a {@link URI}, sent as its {@link URI#toString()}.
     *
     * @param redirectUri the URI
     * @return this builder
     * @throws NullPointerException if {@code redirectUri} is null
     * @throws IllegalArgumentException if it breaks the rules of {@link #redirectUri(String)}
     */
    public Builder redirectUri(URI redirectUri) {
      return redirectUri(Objects.requireNonNull(redirectUri, "redirectUri").toString());
    }

    /**
     * Sets the state echoed back on the redirect.
     *
     * @param state one or more printable ASCII characters (0x20 to 0x7E)
     * @return this builder
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if it is empty or holds any other character
     */
    public Builder state(String state) {
      Objects.requireNonNull(state, "state");
      if (state.isEmpty()) {
        throw new IllegalArgumentException("state must not be empty");
      }
      int outside = CharClass.PRINTABLE_ASCII.firstOutside(state);
      if (outside >= 0) {
        throw new IllegalArgumentException(
            "state must hold only printable ASCII characters; found one at index " + outside);
      }
      this.state = state;
      this.withoutStateAccepted = false;
      return this;
    }

    /**
     * Lets {@link SunshineOAuthClient#authorizeUrl} build a consent URL without a {@code state},
     * giving up the flow's only protection against login CSRF: anyone can then make a customer's
     * browser complete a grant that the attacker started. Only for tools and tests that check the
     * callback some other way. Clears a state set before; a later {@link #state(String)} undoes
     * this.
     *
     * @return this builder
     */
    public Builder withoutStateGivingUpCsrfProtection() {
      this.state = null;
      this.withoutStateAccepted = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the immutable request
     */
    public AuthorizeRequest build() {
      return new AuthorizeRequest(this);
    }

    private static String checkRedirectUri(String value) {
      Objects.requireNonNull(value, "redirectUri");
      UrlRule.httpsOrLoopback(value, "redirectUri", true);
      return value;
    }
  }
}
