package io.sunco.oauth.bench.harness;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** OkHttp 5 ({@code okhttp-jvm}), {@code enqueue}: 64 pooled connections, 64 calls at once per host. */
final class OkHttpClientAsync implements TokenClient {

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client;
  private final String tokenUrl;

  OkHttpClientAsync(String baseUrl) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
            .build();
    tokenUrl = baseUrl + "/oauth/token";
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    Request request =
        new Request.Builder()
            .url(tokenUrl)
            .header("Accept", "application/json")
            .post(RequestBody.create(Wire.tokenRequest(code), JSON))
            .build();
    client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                done.accept(null, e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                String token;
                try (ResponseBody body = response.body()) {
                  if (!response.isSuccessful()) {
                    throw new IllegalStateException("HTTP " + response.code());
                  }
                  token = Wire.accessToken(body.bytes());
                } catch (IOException | RuntimeException e) {
                  done.accept(null, e);
                  return;
                }
                done.accept(token, null);
              }
            });
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
