package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

class SunshineOAuthRoutesBuilderTest {

  private static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  private static final TokenSink SINK = connected -> Mono.empty();

  private SunshineOAuthClient client;

  @BeforeEach
  void setUp() {
    client =
        SunshineOAuthClient.builder()
            .clientId("5e4af71a81966cfff3ef6550")
            .clientSecret(SECRET)
            .baseUrl("http://127.0.0.1:9")
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private SunshineOAuthRoutes.Builder valid() {
    return SunshineOAuthRoutes.builder()
        .client(client)
        .redirectUri("https://bot.example.com/oauth/sunshine/callback")
        .sink(SINK);
  }

  @Test
  void buildWhenOnlyRequiredSetThenDocumentedDefaults() {
    SunshineOAuthRoutes routes = valid().build();

    assertThat(routes.prefix())
        .isEqualTo(SunshineOAuthRoutes.DEFAULT_PREFIX)
        .isEqualTo("/oauth/sunshine");
    assertThat(routes.successUrl()).isEqualTo(URI.create("/"));
    assertThat(routes.denialUrl()).isEmpty();
    // An https redirect URI: the __Host- cookie, on the whole host.
    assertThat(routes.cookieName()).isEqualTo("__Host-sunco_oauth_nonce");
    assertThat(routes.cookieMaxAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(routes.cookiePath()).isEqualTo("/");
    assertThat(routes.stateStore()).containsInstanceOf(InMemoryPendingAuthorizationStore.class);
    assertThat(routes.redirectUri()).isEqualTo("https://bot.example.com/oauth/sunshine/callback");
    assertThat(routes.routerFunction()).isSameAs(routes.routerFunction());
  }

  @Test
  void buildWhenRequiredMissingThenIllegalStateNamingIt() {
    assertThatThrownBy(
            () ->
                SunshineOAuthRoutes.builder()
                    .redirectUri("https://a.example/oauth/sunshine/callback")
                    .sink(SINK)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client");
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().client(client).sink(SINK).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redirectUri");
    assertThatThrownBy(
            () ->
                SunshineOAuthRoutes.builder()
                    .client(client)
                    .redirectUri("https://a.example/oauth/sunshine/callback")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sink");
  }

  @Test
  void buildWhenRedirectUriIsNotTheCallbackRouteThenIllegalState() {
    assertThatThrownBy(() -> valid().redirectUri("https://bot.example.com/callback").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/oauth/sunshine/callback");
    assertThatThrownBy(() -> valid().prefix("/connect").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/connect/callback");
  }

  /**
   * The nonce cookie's name and path. Over https the {@code __Host-} prefix on the whole host, so
   * routes under another path carry it in the default name (two route sets on one host never
   * overwrite each other's nonce; a cookie name holds no ; or =: they become _, a / a dot); over
   * loopback http the plain name, on the path of the redirect URI (behind a proxy path too).
   */
  @ParameterizedTest(name = "{1} named {2}")
  @CsvSource({
    "/oauth/sunshine, http://127.0.0.1:8080/tenant-a/oauth/sunshine/callback?x=1, ,"
        + " sunco_oauth_nonce, /tenant-a/oauth/sunshine",
    "/tenant-a, http://127.0.0.1:8080/tenant-a/callback, , sunco_oauth_nonce, /tenant-a",
    "/oauth/sunshine, https://bot.example.com/tenant-a/oauth/sunshine/callback, flow, __Host-flow, /",
    "/oauth/sunshine, https://bot.example.com/oauth/sunshine/callback, , __Host-sunco_oauth_nonce, /",
    "/tenant-a, https://bot.example.com/tenant-a/callback, , __Host-sunco_oauth_nonce_tenant-a, /",
    "/tenant-b, https://bot.example.com/tenant-b/callback, , __Host-sunco_oauth_nonce_tenant-b, /",
    "/oauth/sunshine, https://bot.example.com/a;b=c/oauth/sunshine/callback, ,"
        + " __Host-sunco_oauth_nonce_a_b_c.oauth.sunshine, /"
  })
  void buildWhenRedirectUriAndPrefixGivenThenCookieNameAndPathFollow(
      String prefix,
      String redirectUri,
      @Nullable String cookieName,
      String expectedName,
      String expectedPath) {
    SunshineOAuthRoutes.Builder builder = valid().prefix(prefix).redirectUri(redirectUri);
    if (cookieName != null) {
      builder.cookieName(cookieName);
    }

    SunshineOAuthRoutes routes = builder.build();

    assertThat(routes.cookieName()).isEqualTo(expectedName);
    assertThat(routes.cookiePath()).isEqualTo(expectedPath);
    assertThat(routes.prefix()).isEqualTo(prefix);
  }

  @Test
  void cookieNameWhenPrefixedThenIllegalArgument() {
    for (String name : new String[] {"__Host-flow", "__host-flow", "__Secure-flow"}) {
      assertThatThrownBy(() -> valid().cookieName(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("__Host- over https");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://bot.example.com/oauth/sunshine/callback",
        "/oauth/sunshine/callback",
        "https://bot.example.com/oauth/sunshine/callback#frag",
        "ftp://bot.example.com/oauth/sunshine/callback"
      })
  void redirectUriWhenNotAllowedByProtocolThenIllegalArgument(String uri) {
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().redirectUri(uri))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "/", "oauth", "/oauth/", "//oauth", "/a b", "/a?b", "/a%2e", "/a/..", "/./a", "/a/../b"
      })
  void prefixWhenMalformedThenIllegalArgument(String prefix) {
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().prefix(prefix))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example/x",
        "connected",
        "javascript:alert(1)",
        "ftp://x.example/",
        "mailto:a@b",
        "http:///x"
      })
  void successAndDenialUrlWhenNotHttpUrlOrPathThenIllegalArgument(String url) {
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().successUrl(url))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().denialUrl(url))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void successAndDenialUrlWhenPathOrAbsoluteThenKept() {
    SunshineOAuthRoutes routes =
        valid()
            .successUrl("/connected?tab=apps")
            .denialUrl(URI.create("https://bot.example.com/denied"))
            .build();

    assertThat(routes.successUrl()).isEqualTo(URI.create("/connected?tab=apps"));
    assertThat(routes.denialUrl()).contains(URI.create("https://bot.example.com/denied"));
  }

  @Test
  void cookieSettingsWhenOutOfRangeThenIllegalArgument() {
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().cookieName("a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().cookieName("a;b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().cookieMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SunshineOAuthRoutes.builder().cookieMaxAge(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settersWhenNullThenNullPointer() {
    SunshineOAuthRoutes.Builder builder = SunshineOAuthRoutes.builder();
    assertThatThrownBy(() -> builder.client(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.redirectUri((String) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.redirectUri((URI) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.sink(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.prefix(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.successUrl((String) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.denialUrl((URI) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.stateStore(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.stateGenerator(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.cookieName(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.cookieMaxAge(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderWhenChangedAfterBuildThenBuiltRoutesUnchanged() {
    SunshineOAuthRoutes.Builder builder = valid().successUrl("/one");
    SunshineOAuthRoutes routes = builder.build();

    builder.successUrl("/two").cookieName("other");

    assertThat(routes.successUrl()).isEqualTo(URI.create("/one"));
    assertThat(routes.cookieName()).isEqualTo("__Host-sunco_oauth_nonce");
  }

  @Test
  void toStringWhenBuiltThenConfigurationWithoutSecret() {
    assertThat(valid().denialUrl("/denied").build().toString())
        .contains("/oauth/sunshine", "https://bot.example.com/oauth/sunshine/callback", "/denied")
        .doesNotContain(SECRET);
  }
}
