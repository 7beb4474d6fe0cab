package io.sunco.oauth.bench.harness;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.PoolSettings;
import java.util.function.BiConsumer;

/** This library, as its README builds it, with its defaults (retries, deadlines, 64 connections). */
final class SunshineClient implements TokenClient {

  private final SunshineOAuthClient client;

  SunshineClient(String baseUrl) {
    client =
        SunshineOAuthClient.builder()
            .clientId(Wire.CLIENT_ID)
            .clientSecret(Wire.CLIENT_SECRET)
            .baseUrl(baseUrl)
            .pool(PoolSettings.defaults().withMaxConnections(64))
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
