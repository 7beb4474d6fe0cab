package io.sunco.oauth.bench.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The JDK's {@code java.net.http.HttpClient}, {@code sendAsync}, HTTP/1.1. Its pool is capped at
 * 64 connections by {@code -Djdk.httpclient.connectionPoolSize=64} (set before its classes load).
 */
final class JdkClient implements TokenClient {

  private final HttpClient client;
  private final URI tokenUri;

  JdkClient(String baseUrl) {
    System.setProperty("jdk.httpclient.connectionPoolSize", "64");
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    tokenUri = URI.create(baseUrl + "/oauth/token");
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.tokenRequest(code)))
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                done.accept(null, error);
                return;
              }
              String token;
              try {
                if (response.statusCode() < 200 || response.statusCode() > 299) {
                  throw new IllegalStateException("HTTP " + response.statusCode());
                }
                token = Wire.accessToken(response.body());
              } catch (RuntimeException e) {
                done.accept(null, e);
                return;
              }
              done.accept(token, null);
            });
  }

  @Override
  public void close() {
    // The JDK 17 client has no close(); its threads are daemons.
  }
}
