package io.sunco.oauth.bench.harness;

import java.util.function.BiConsumer;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring Security's {@code WebClientReactiveAuthorizationCodeTokenResponseClient}: the standard
 * form-encoded RFC 6749 request ({@code client_secret_post}: the same four fields plus {@code
 * redirect_uri}), its own token response decoding, on a WebClient with a 64-connection pool.
 */
final class SpringSecurityClient implements TokenClient {

  private static final String STATE = "Yk2xHq0sG1bW4n8pR7tV3uZ6cE9fJ5mA2dL0oQ1iS4w";

  private final ConnectionProvider pool;
  private final WebClientReactiveAuthorizationCodeTokenResponseClient client;
  private final ClientRegistration registration;
  private final OAuth2AuthorizationRequest authorizationRequest;

  SpringSecurityClient(String baseUrl) {
    pool = ConnectionProvider.builder("spring-security").maxConnections(64).pendingAcquireMaxCount(1024).build();
    client = new WebClientReactiveAuthorizationCodeTokenResponseClient();
    client.setWebClient(
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build());
    registration =
        ClientRegistration.withRegistrationId("sunco")
            .clientId(Wire.CLIENT_ID)
            .clientSecret(Wire.CLIENT_SECRET)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri(Wire.REDIRECT_URI)
            .authorizationUri(baseUrl + "/oauth/authorize")
            .tokenUri(baseUrl + "/oauth/token")
            .build();
    authorizationRequest =
        OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
            .clientId(Wire.CLIENT_ID)
            .redirectUri(Wire.REDIRECT_URI)
            .state(STATE)
            .build();
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    OAuth2AuthorizationResponse response =
        OAuth2AuthorizationResponse.success(code).redirectUri(Wire.REDIRECT_URI).state(STATE).build();
    client
        .getTokenResponse(
            new OAuth2AuthorizationCodeGrantRequest(
                registration, new OAuth2AuthorizationExchange(authorizationRequest, response)))
        .map(tokenResponse -> tokenResponse.getAccessToken().getTokenValue())
        .subscribe(new Done(done));
  }

  @Override
  public void close() {
    pool.disposeLater().block();
  }
}
