package io.sunco.oauth.bench.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The loopback stub of the three Sunshine Conversations OAuth endpoints, run in its own JVM by
 * {@link Harness}: {@code POST /oauth/token} (JSON or form-encoded body, client credentials in
 * the body or as HTTP Basic), {@code GET /v2/tokenInfo} and {@code DELETE /oauth/authorization}
 * (Bearer token). It checks every field, answers from pre-encoded bytes, and prints {@code PORT
 * n} once it listens. It stops by itself: when its standard input closes (the harness is gone)
 * or after {@code --max-seconds} (default 1800).
 *
 * <pre>java -cp ... io.sunco.oauth.bench.harness.StubServer [--threads 1] [--port 0]</pre>
 */
public final class StubServer {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String APPLICATION_JSON = "application/json";

  private static final byte[] TOKEN =
      ("{\"access_token\":\"" + Wire.ACCESS_TOKEN + "\",\"token_type\":\"Bearer\"}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] INVALID_GRANT =
      "{\"errors\":[{\"code\":\"invalid_grant\",\"title\":\"Invalid authorization code\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] UNAUTHORIZED =
      "{\"errors\":[{\"code\":\"unauthorized\",\"title\":\"Authorization is required\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] TOKEN_INFO =
      "{\"app\":{\"id\":\"5698edbf2a43bd081be982f1\",\"subdomain\":\"acme\",\"displayName\":\"Acme\"}}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
  private static final String BEARER = "Bearer " + Wire.ACCESS_TOKEN;

  private StubServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Args.parse(args);
    int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
    int port = Integer.parseInt(options.getOrDefault("port", "0"));
    long maxSeconds = Long.parseLong(options.getOrDefault("max-seconds", "1800"));

    LoopResources loops = LoopResources.create("stub", threads, true);
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(port)
            .runOn(loops)
            .route(
                routes ->
                    routes
                        .post("/oauth/token", StubServer::token)
                        .get("/v2/tokenInfo", StubServer::tokenInfo)
                        .delete("/oauth/authorization", StubServer::revoke))
            .bindNow();
    System.out.println("PORT " + server.port());
    System.out.flush();

    Thread watchdog =
        new Thread(
            () -> {
              try {
                // EOF on stdin: the harness that started us is gone.
                while (System.in.read() >= 0) {
                  // ignore input
                }
              } catch (IOException ignored) {
                // treat as EOF
              }
              System.exit(0);
            },
            "stub-stdin");
    watchdog.setDaemon(true);
    watchdog.start();
    Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
    System.err.println("stub: --max-seconds reached, stopping");
    server.disposeNow();
    System.exit(0);
  }

  private static Publisher<Void> token(HttpServerRequest request, HttpServerResponse response) {
    String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
    String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    return request
        .receive()
        .aggregate()
        .asByteArray()
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body -> {
              boolean ok = validTokenRequest(contentType, authorization, body);
              return send(response, ok ? HttpResponseStatus.OK : HttpResponseStatus.BAD_REQUEST, ok ? TOKEN : INVALID_GRANT);
            });
  }

  private static Publisher<Void> tokenInfo(HttpServerRequest request, HttpServerResponse response) {
    boolean ok = BEARER.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
    return send(response, ok ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED, ok ? TOKEN_INFO : UNAUTHORIZED);
  }

  private static Publisher<Void> revoke(HttpServerRequest request, HttpServerResponse response) {
    boolean ok = BEARER.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
    return send(response, ok ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED, ok ? EMPTY_OBJECT : UNAUTHORIZED);
  }

  private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .send(Mono.just(Unpooled.wrappedBuffer(body)))
        .then();
  }

  /** Accepts the documented JSON body and the form-encoded one, with body or Basic client auth. */
  static boolean validTokenRequest(String contentType, String authorization, byte[] body) {
    String code = null;
    String grantType = null;
    String clientId = null;
    String clientSecret = null;
    if (contentType.startsWith(APPLICATION_JSON)) {
      try (JsonParser parser = JSON.createParser(body)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return false;
        }
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          if (parser.nextToken() != JsonToken.VALUE_STRING) {
            return false;
          }
          switch (name) {
            case "code" -> code = parser.getText();
            case "grant_type" -> grantType = parser.getText();
            case "client_id" -> clientId = parser.getText();
            case "client_secret" -> clientSecret = parser.getText();
            default -> { }
          }
        }
      } catch (IOException e) {
        return false;
      }
    } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
      Map<String, List<String>> form =
          new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
              .parameters();
      code = first(form, "code");
      grantType = first(form, "grant_type");
      clientId = first(form, "client_id");
      clientSecret = first(form, "client_secret");
    } else {
      return false;
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded =
          new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return false;
      }
      clientId = QueryStringDecoder.decodeComponent(decoded.substring(0, colon));
      clientSecret = QueryStringDecoder.decodeComponent(decoded.substring(colon + 1));
    }
    return code != null
        && code.startsWith(Wire.CODE + "-")
        && "authorization_code".equals(grantType)
        && Wire.CLIENT_ID.equals(clientId)
        && Wire.CLIENT_SECRET.equals(clientSecret);
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
