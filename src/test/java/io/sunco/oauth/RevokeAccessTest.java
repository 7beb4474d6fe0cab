package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.TestServers;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

class RevokeAccessTest extends ClientAgainstServer {

  @Override
  protected SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    return TestServers.clientFor(server);
  }

  @Test
  void revokeAccessWhenTokenThenSendsDeleteWithBearerAndCompletes() throws Exception {
    server.enqueue(json(200, "{}"));

    StepVerifier.create(client.revokeAccess(AccessToken.bearer("tok-123"))).verifyComplete();

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("DELETE");
    assertThat(request.getTarget()).isEqualTo("/oauth/authorization");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(request.getBodySize()).isZero();
  }

  @Test
  void revokeAccessWhenBasicKeyThenSendsBasicCredentials() throws Exception {
    server.enqueue(json(200, "{}"));

    StepVerifier.create(client.revokeAccess(Credentials.basic("int_key_1", "key-secret")))
        .verifyComplete();

    String expected = Base64.getEncoder().encodeToString("int_key_1:key-secret".getBytes(UTF_8));
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Basic " + expected);
  }

  @Test
  void revokeAccessWhenJwtKeyThenSendsSignedJwtAsBearer() throws Exception {
    server.enqueue(json(200, "{}"));

    StepVerifier.create(
            client.revokeAccess(
                Credentials.jwt("app_key_1", "key-secret", Credentials.JwtScope.APP)))
        .verifyComplete();

    String header = take(server).getHeaders().get("Authorization");
    assertThat(header).startsWith("Bearer ey");
    assertThat(header.substring("Bearer ".length()).split("\\.")).hasSize(3);
  }

  @Test
  void revokeAccessWhenEmptyBodyOrEmptyStatusThenCompletes() {
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(new MockResponse.Builder().code(200).body("").build());

    StepVerifier.create(client.revokeAccess(AccessToken.bearer("t"))).verifyComplete();
    StepVerifier.create(client.revokeAccess(AccessToken.bearer("t"))).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * A 2xx means the grant is gone, whatever the body says or however it is shaped: reporting it as
   * a failed revoke would make the caller believe a live grant is still there, or retry.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "200 | application/json | {}",
        "200 | application/json | '{\"ok\":true}'",
        "202 | application/json | {}",
        "200 | text/plain | OK",
        "200 | text/html | <html><body>Revoked</body></html>",
        "200 | application/json | []",
        "200 | application/json | null",
        "200 | application/json | '{\"broken\":'",
        "204 | text/plain | ''",
      })
  void revokeAccessWhenAnyTwoHundredAnswerThenCompletes(
      int status, String contentType, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", contentType)
            .body(status == 204 ? "" : body)
            .build());

    StepVerifier.create(client.revokeAccess(AccessToken.bearer("t"))).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void revokeAccessWhenTwoHundredBodyIsNotEvenUtf8ThenCompletes() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(new Buffer().write(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC3}))
            .build());

    StepVerifier.create(client.revokeAccess(AccessToken.bearer("t"))).verifyComplete();
  }

  @Test
  void revokeAccessWhenAlreadyRevokedThenSunshineApiException401() {
    server.enqueue(
        json(401, "{\"errors\":[{\"code\":\"unauthorized\",\"title\":\"Invalid token\"}]}"));

    StepVerifier.create(client.revokeAccess(AccessToken.bearer("t")))
        .expectErrorSatisfies(
            error -> assertThat(((SunshineApiException) error).status()).isEqualTo(401))
        .verify();
  }

  @Test
  void revokeAccessWhenCredentialsNullThenNullPointerExceptionAtCallTime() {
    assertThatThrownBy(() -> client.revokeAccess(null)).isInstanceOf(NullPointerException.class);
  }
}
