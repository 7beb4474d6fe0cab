package io.sunco.oauth.bench.harness;

import java.util.function.BiConsumer;

/**
 * One way to make the token exchange, asynchronously: {@code done} receives the access token or
 * the error, exactly once, on whatever thread the client completes on. Each implementation is
 * the idiomatic use of its library, with a 64-connection pool.
 */
interface TokenClient extends AutoCloseable {

  /** The names the harness knows, in its reporting order; the reference first. */
  String[] NAMES = {"reference", "sunshine", "okhttp", "webclient", "spring-security", "jdk"};

  void getToken(String code, BiConsumer<String, Throwable> done);

  @Override
  void close();

  /** Makes one; loads only the chosen client's classes. */
  static TokenClient create(String name, String baseUrl) {
    switch (name) {
      case "reference":
        return new ReferenceClient(baseUrl);
      case "sunshine":
        return new SunshineClient(baseUrl);
      case "okhttp":
        return new OkHttpClientAsync(baseUrl);
      case "webclient":
        return new SpringWebClient(baseUrl);
      case "spring-security":
        return new SpringSecurityClient(baseUrl);
      case "jdk":
        return new JdkClient(baseUrl);
      default:
        throw new IllegalArgumentException("unknown client: " + name);
    }
  }
}
