package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.TestServers;
import java.net.URI;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

class GetTokenInfoTest extends ClientAgainstServer {

  private static final AccessToken TOKEN = AccessToken.bearer("eyJ.token-value.sig");

  @Override
  protected SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    return TestServers.clientFor(server).defaultHeader("X-Zendesk-Marketplace-Bot-Id", "acme-bot");
  }

  @Test
  void getTokenInfoWhenSuccessThenSendsBearerAndEmitsApp() throws Exception {
    server.enqueue(json(200, fixture("token-info-success.json")));

    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectNext(TokenInfo.of("5698edbf2a43bd081be982f1", "acme", "Acme Support"))
        .verifyComplete();

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/v2/tokenInfo");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer eyJ.token-value.sig");
    assertThat(request.getHeaders().get("X-Zendesk-Marketplace-Bot-Id")).isEqualTo("acme-bot");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("sunco-oauth-reactor/");
    assertThat(request.getBodySize()).isZero();
  }

  @Test
  void getTokenInfoWhenOptionalFieldsAbsentOrNullThenEmpty() {
    server.enqueue(json(200, "{\"app\":{\"id\":\"app1\",\"displayName\":null}}"));

    StepVerifier.create(client.getTokenInfo(TOKEN))
        .assertNext(
            info -> {
              assertThat(info.appId()).isEqualTo("app1");
              assertThat(info.subdomain()).isEmpty();
              assertThat(info.displayName()).isEmpty();
            })
        .verifyComplete();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"app\":null}",
        "{\"app\":{}}",
        "{\"app\":{\"id\":null}}",
        "{\"app\":{\"id\":\"\"}}",
        "{\"app\":{\"id\":42}}",
        "{\"app\":\"app1\"}",
        "{\"app\":{\"id\":\"app1\",\"subdomain\":7}}",
        "{\"app\":{\"id\":\"a\"},\"app\":{\"id\":\"b\"}}",
        "[]",
        "not json"
      })
  void getTokenInfoWhenNoAppIdThenSunshineResponseException(String body) {
    server.enqueue(json(200, body));

    responseError(client.getTokenInfo(TOKEN), Operation.GET_TOKEN_INFO);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.example.com/x?",
        "acme.evil",
        "acme/../../x",
        "acme@evil.example",
        "acme:8443",
        "-acme",
        "acme-",
        "ac me",
        "acmé",
        "a\\u0000b",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void getTokenInfoWhenSubdomainNotOneDnsLabelThenSunshineResponseExceptionWithoutIt(
      String subdomain) {
    server.enqueue(json(200, "{\"app\":{\"id\":\"app1\",\"subdomain\":\"" + subdomain + "\"}}"));

    assertThat(responseError(client.getTokenInfo(TOKEN), Operation.GET_TOKEN_INFO).getMessage())
        .contains("app.subdomain is not a single DNS label")
        .doesNotContain(subdomain);
  }

  @Test
  void getTokenInfoWhenSubdomainIsALabelThenApiBaseUrlOnZendesk() {
    String longest = "a" + "-".repeat(61) + "9";
    server.enqueue(json(200, "{\"app\":{\"id\":\"app1\",\"subdomain\":\"Acme-2\"}}"));
    server.enqueue(json(200, "{\"app\":{\"id\":\"app1\",\"subdomain\":\"" + longest + "\"}}"));
    server.enqueue(json(200, "{\"app\":{\"id\":\"app1\",\"subdomain\":\"\"}}"));

    TokenInfo first = client.getTokenInfo(TOKEN).block();
    TokenInfo second = client.getTokenInfo(TOKEN).block();
    TokenInfo empty = client.getTokenInfo(TOKEN).block();

    assertThat(first.subdomain()).contains("Acme-2");
    assertThat(first.apiBaseUrl()).contains(URI.create("https://acme-2.zendesk.com/sc"));
    assertThat(second.apiBaseUrl()).contains(URI.create("https://" + longest + ".zendesk.com/sc"));
    assertThat(empty.subdomain()).as("an empty subdomain is none").isEmpty();
    assertThat(empty.apiBaseUrl()).isEmpty();
  }

  @Test
  void getTokenInfoWhenTokenRevokedThenSunshineApiException401() {
    server.enqueue(
        json(
            401,
            "{\"errors\":[{\"code\":\"unauthorized\",\"title\":\"Authorization is required\"}]}"));

    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            error -> {
              SunshineApiException e = (SunshineApiException) error;
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.hasErrorCode("UNAUTHORIZED")).isTrue();
              assertThat(e.getMessage()).doesNotContain("token-value");
            })
        .verify();
  }

  @Test
  void getTokenInfoWhenTokenNullThenNullPointerExceptionAtCallTime() {
    assertThatThrownBy(() -> client.getTokenInfo(null)).isInstanceOf(NullPointerException.class);
  }
}
