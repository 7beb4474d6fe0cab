package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.CLIENT_ID;
import static io.sunco.oauth.testing.TestServers.CLIENT_SECRET;
import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.TestServers;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

class GetTokenTest extends ClientAgainstServer {

  private static final String CODE = "658965";

  @Override
  protected SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    return TestServers.clientFor(server).defaultHeader("X-Zendesk-Marketplace-Bot-Id", "acme");
  }

  @Test
  void getTokenWhenSuccessThenPostsDocumentedJsonBodyAndEmitsToken() throws Exception {
    server.enqueue(json(200, fixture("token-success.json")));

    StepVerifier.create(client.getToken(CODE))
        .assertNext(
            token -> {
              assertThat(token.value())
                  .startsWith("eyJhbGciOiJIUzI1NiIs")
                  .endsWith(".c2lnbmF0dXJl");
              assertThat(token.tokenType()).isEqualTo("Bearer");
            })
        .verifyComplete();

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/oauth/token");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("X-Zendesk-Marketplace-Bot-Id")).isEqualTo("acme");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(body.size()).isEqualTo(4);
    assertThat(body.get("code").asText()).isEqualTo(CODE);
    assertThat(body.get("grant_type").asText()).isEqualTo("authorization_code");
    assertThat(body.get("client_id").asText()).isEqualTo(CLIENT_ID);
    assertThat(body.get("client_secret").asText()).isEqualTo(CLIENT_SECRET);
    assertThat(request.getHeaders().get("Content-Length"))
        .isEqualTo(String.valueOf(request.getBodySize()));
  }

  @Test
  void getTokenWhenCodeNeedsJsonEscapingThenBodyCarriesItExactly() throws Exception {
    server.enqueue(json(200, fixture("token-success.json")));
    String code = "a\"b\\c/é€😀";

    StepVerifier.create(client.getToken(code)).expectNextCount(1).verifyComplete();

    JsonNode body = new ObjectMapper().readTree(take(server).getBody().utf8());
    assertThat(body.get("code").asText()).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
  void getTokenWhenTokenTypeInAnyCaseThenAccepted(String tokenType) {
    server.enqueue(
        json(200, "{\"access_token\":\"abc.def.ghi\",\"token_type\":\"" + tokenType + "\"}"));

    StepVerifier.create(client.getToken(CODE))
        .assertNext(token -> assertThat(token.value()).isEqualTo("abc.def.ghi"))
        .verifyComplete();
  }

  @Test
  void getTokenWhenUnknownFieldsThenIgnored() {
    server.enqueue(
        json(
            200,
            "{\"scope\":\"integration\",\"access_token\":\"t1\",\"x\":{\"y\":[1]},\"token_type\":\"Bearer\"}"));

    StepVerifier.create(client.getToken(CODE))
        .assertNext(token -> assertThat(token.value()).isEqualTo("t1"))
        .verifyComplete();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"access_token\":\"t\",\"token_type\":\"mac\"}",
        "{\"access_token\":\"t\",\"token_type\":\"Bearer \"}",
        "{\"access_token\":\"t\"}",
        "{\"access_token\":\"t\",\"token_type\":null}",
        "{\"access_token\":\"t\",\"token_type\":true}",
        "{\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"\",\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"   \",\"token_type\":\"Bearer\"}",
        "{\"access_token\":null,\"token_type\":\"Bearer\"}",
        "{\"access_token\":12345,\"token_type\":\"Bearer\"}",
        "{\"access_token\":true,\"token_type\":\"Bearer\"}",
        "{\"access_token\":[\"t\"],\"token_type\":\"Bearer\"}",
        "{\"access_token\":{\"v\":\"t\"},\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"with space\",\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"t\",\"access_token\":\"u\",\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"t\",\"token_type\":\"Bearer\"} {}",
        "{\"access_token\":\"t\",\"token_type\":\"Bearer\"",
        "[{\"access_token\":\"t\",\"token_type\":\"Bearer\"}]",
        "\"t\"",
        "",
        "<html>OK</html>",
        "{'access_token':'t','token_type':'Bearer'}"
      })
  void getTokenWhenSuccessBodyBreaksProtocolThenSunshineResponseException(String body) {
    server.enqueue(json(200, body));

    SunshineResponseException e = responseError(client.getToken(CODE), Operation.GET_TOKEN);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.requestMayHaveBeenProcessed()).isTrue();
    assertThat(e.getMessage()).doesNotContain("with space", "\"t\"", CLIENT_SECRET);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenWhenBodyIsInvalidUtf8ThenSunshineResponseException() {
    Buffer body =
        new Buffer()
            .writeUtf8("{\"access_token\":\"t")
            .writeByte(0xC3)
            .writeByte(0x28)
            .writeUtf8("\",\"token_type\":\"Bearer\"}");
    server.enqueue(new MockResponse.Builder().code(200).body(body).build());

    assertThat(responseError(client.getToken(CODE), Operation.GET_TOKEN))
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void getTokenWhenDuplicateKeysThenMessageSaysSoWithoutQuotingBody() {
    server.enqueue(
        json(
            200,
            "{\"access_token\":\"secret-one\",\"access_token\":\"secret-two\",\"token_type\":\"Bearer\"}"));

    StepVerifier.create(client.getToken(CODE))
        .expectErrorSatisfies(
            error ->
                assertThat(error.getMessage())
                    .contains("duplicate key")
                    .doesNotContain("secret-one", "secret-two"))
        .verify();
  }

  @Test
  void getTokenWhenInvalidGrantThenSunshineApiException() {
    server.enqueue(json(400, fixture("error-v2.json")));

    StepVerifier.create(client.getToken(CODE))
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(SunshineApiException.class);
              SunshineApiException e = (SunshineApiException) error;
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.hasErrorCode("invalid_grant")).isTrue();
              assertThat(e.errors()).hasSize(2);
              assertThat(e.requestMayHaveBeenProcessed()).isFalse();
              assertThat(e.getMessage())
                  .contains("getToken", "400", "invalid_grant")
                  .doesNotContain(CODE, CLIENT_SECRET);
            })
        .verify();
  }

  @Test
  void getTokenWhenNoClientSecretThenIllegalStateExceptionAtCallTime() {
    SunshineOAuthClient noSecret =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .baseUrl(TestServers.baseUrl(server))
            .build();

    assertThatThrownBy(() -> noSecret.getToken(CODE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client secret");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void getTokenWhenCodeInvalidThenThrowsAtCallTimeWithoutEchoingIt() {
    assertThatThrownBy(() -> client.getToken((String) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> client.getToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.getToken("ab\ncd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("ab");
    assertThatThrownBy(() -> client.getToken("x".repeat(4097)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void getTokenWhenNotSubscribedThenSendsNothing() throws Exception {
    client.getToken(CODE);

    assertThat(server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
  }
}
