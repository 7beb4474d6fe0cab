package io.sunco.oauth.bench.harness;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.util.function.BiConsumer;

/**
 * This library, as its README builds it, with its defaults (retries, deadlines, a pool of 64
 * connections). Only API that every version since the first has, so that the same class also
 * drives {@code sunshine-before}, the library as of an older commit.
 */
final class SunshineClient implements TokenClient {

  private final SunshineOAuthClient client;

  SunshineClient(String baseUrl) {
    client =
        SunshineOAuthClient.builder()
            .clientId(Wire.CLIENT_ID)
            .clientSecret(Wire.CLIENT_SECRET)
            .baseUrl(baseUrl)
            .build();
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    client.getToken(code).map(AccessToken::value).subscribe(new Done(done));
  }

  @Override
  public void close() {
    client.close();
  }
}
