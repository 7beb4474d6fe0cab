package io.sunco.oauth.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.EmulatorClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Emulator test vocabulary: the test integration and apps, and blocking HTTP calls to the emulator
 * through {@link BlockingHttp} (no redirects followed, HTTP/1.1).
 */
final class TestHttp {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";
  static final String REDIRECT_URI_WITH_QUERY = "http://127.0.0.1:8080/callback?tenant=a%20b";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");
  static final App OTHER_APP = App.of("63ac4f1b8e2f3a0011c0ffee", "globex", "Globex <Help>");
  static final Integration INTEGRATION =
      Integration.of(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, REDIRECT_URI_WITH_QUERY);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestHttp() {}

  /** The library's client for the test integration on {@code emulator}, without retries. */
  static SunshineOAuthClient client(SunshineOAuthEmulator emulator) {
    return EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).build();
  }

  /** An emulator's builder with the test integration and {@link #APP}. */
  static SunshineOAuthEmulator.Builder emulatorBuilder() {
    return SunshineOAuthEmulator.builder().integration(INTEGRATION).app(APP);
  }

  static HttpResponse<String> send(
      String method, String url, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return BlockingHttp.send(request, BlockingHttp.DEFAULT_TIMEOUT);
  }

  static HttpResponse<String> get(String url, String... headers) {
    return send("GET", url, HttpRequest.BodyPublishers.noBody(), headers);
  }

  static HttpResponse<String> delete(String url, String... headers) {
    return send("DELETE", url, HttpRequest.BodyPublishers.noBody(), headers);
  }

  static HttpResponse<String> post(String url, String contentType, String body, String... headers) {
    return send(
        "POST",
        url,
        HttpRequest.BodyPublishers.ofString(body),
        concat(new String[] {"Content-Type", contentType}, headers));
  }

  /** {@code first}, then {@code more}. */
  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  static HttpResponse<String> postJson(String url, String body, String... headers) {
    return post(url, "application/json", body, headers);
  }

  static HttpResponse<String> postForm(String url, String body, String... headers) {
    return post(url, "application/x-www-form-urlencoded", body, headers);
  }

  /** {@code k1=v1&k2=v2}, form-encoded, from alternating keys and values. */
  static String form(String... keysAndValues) {
    StringJoiner joiner = new StringJoiner("&");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      joiner.add(
          URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return joiner.toString();
  }

  /** A JSON object of strings from alternating keys and values. */
  static String json(String... keysAndValues) {
    Map<String, String> members = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      members.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      return MAPPER.writeValueAsString(members);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String location(HttpResponse<?> response) {
    return BlockingHttp.location(response);
  }

  /** The query parameters of a URI, percent-decoded (strictly: '+' stays '+'). */
  static Map<String, String> queryOf(String uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = URI.create(uri).getRawQuery();
    if (query == null) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.put(decodeStrict(name), decodeStrict(value));
    }
    return parameters;
  }

  private static String decodeStrict(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static String authorizeUrl(SunshineOAuthEmulator emulator, String... extraKeysAndValues) {
    String[] all =
        concat(new String[] {"client_id", CLIENT_ID, "response_type", "code"}, extraKeysAndValues);
    return emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZE_PATH + "?" + form(all);
  }

  /** Runs the automatic authorize step and returns the code from the redirect. */
  static String authorizeCode(SunshineOAuthEmulator emulator, String... extraKeysAndValues) {
    HttpResponse<String> response = get(authorizeUrl(emulator, extraKeysAndValues));
    if (response.statusCode() != 302) {
      throw new AssertionError(
          "authorize answered " + response.statusCode() + ": " + response.body());
    }
    return queryOf(location(response)).get("code");
  }

  /**
   * The fields of a token request, alternating keys and values: {@code code}, {@code
   * grant_type=authorization_code}, then {@code more}.
   */
  static String[] grant(String code, String... more) {
    return concat(new String[] {"code", code, "grant_type", "authorization_code"}, more);
  }

  /** {@link #grant} with the client's id and secret in the body. */
  static String[] clientGrant(String code, String clientId, String clientSecret) {
    return grant(code, "client_id", clientId, "client_secret", clientSecret);
  }

  static HttpResponse<String> exchange(SunshineOAuthEmulator emulator, String code) {
    return postJson(
        emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH,
        json(clientGrant(code, CLIENT_ID, CLIENT_SECRET)));
  }

  /** The consent page's form post: {@code POST /oauth/authorize/decision} of these fields. */
  static HttpResponse<String> decide(SunshineOAuthEmulator emulator, String... keysAndValues) {
    return postForm(emulator.baseUrl() + SunshineOAuthEmulator.DECISION_PATH, form(keysAndValues));
  }

  /** {@code GET /v2/tokenInfo} with {@code authorization} as the {@code Authorization} header. */
  static HttpResponse<String> tokenInfo(SunshineOAuthEmulator emulator, String authorization) {
    return get(
        emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH, "Authorization", authorization);
  }

  /** {@code DELETE /oauth/authorization} with {@code authorization} as the header. */
  static HttpResponse<String> revoke(SunshineOAuthEmulator emulator, String authorization) {
    return delete(
        emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZATION_PATH,
        "Authorization",
        authorization);
  }

  /** Authorize, then exchange the code: the access token. */
  static String accessToken(SunshineOAuthEmulator emulator) {
    HttpResponse<String> response = exchange(emulator, authorizeCode(emulator));
    if (response.statusCode() != 200) {
      throw new AssertionError("token answered " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body()).get("access_token").asText();
  }

  static String errorCode(HttpResponse<String> response) {
    return parse(response.body()).path("errors").path(0).path("code").asText();
  }
}
