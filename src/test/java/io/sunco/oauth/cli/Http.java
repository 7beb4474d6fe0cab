package io.sunco.oauth.cli;

import io.sunco.oauth.testing.BlockingHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blocking HTTP from the test thread to a CLI's listener, through {@link BlockingHttp} (redirects
 * not followed), and the loopback port checks of the CLI tests.
 */
final class Http {

  private Http() {}

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static HttpResponse<String> postForm(String url, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return BlockingHttp.send(request, Duration.ofSeconds(20));
  }

  /** The decoded query parameters of {@code url}. */
  static Map<String, String> query(String url) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String rawQuery = URI.create(url).getRawQuery();
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port}. */
  static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
