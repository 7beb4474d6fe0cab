package io.sunco.oauth.bench.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.function.BiConsumer;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring's {@code WebClient} on Reactor Netty, as its users write it: a record encoded and the
 * answer decoded by Spring's JSON codecs, {@code retrieve()} erroring on 4xx/5xx.
 */
final class SpringWebClient implements TokenClient {

  /** The JSON request body. */
  record TokenRequest(
      @JsonProperty("code") String code,
      @JsonProperty("grant_type") String grantType,
      @JsonProperty("client_id") String clientId,
      @JsonProperty("client_secret") String clientSecret) {}

  /** The JSON answer. */
  record TokenResponse(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType) {}

  private final ConnectionProvider pool;
  private final WebClient client;

  SpringWebClient(String baseUrl) {
    pool = ConnectionProvider.builder("webclient").maxConnections(64).pendingAcquireMaxCount(1024).build();
    client =
        WebClient.builder()
            .baseUrl(baseUrl)
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
            .build();
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    client
        .post()
        .uri("/oauth/token")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(new TokenRequest(code, "authorization_code", Wire.CLIENT_ID, Wire.CLIENT_SECRET))
        .retrieve()
        .bodyToMono(TokenResponse.class)
        .map(
            response -> {
              if (response.accessToken() == null || !"Bearer".equalsIgnoreCase(response.tokenType())) {
                throw new IllegalStateException("not a Bearer token response");
              }
              return response.accessToken();
            })
        .subscribe(new Done(done));
  }

  @Override
  public void close() {
    pool.disposeLater().block();
  }
}
