package io.sunco.oauth.bench.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The leanest correct JSON of the token exchange, on Jackson's streaming API: writes the request
 * body and pulls {@code access_token} out of the answer, checking {@code token_type}. Used by the
 * hand-written Reactor Netty reference, OkHttp and the JDK client, so that they differ only in
 * their HTTP stack; Spring's clients use their own codecs, as their users would.
 */
public final class Wire {

  /** The values every client sends and the stub expects. */
  public static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";

  public static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  /**
   * The prefix of every code. Each request sends a code of its own ({@link #nextCode()}), as real
   * callbacks do: a client that merges concurrent exchanges of one code (this library does, so
   * that a double-clicked consent sends its code once) must not be measured on merged calls.
   */
  public static final String CODE = "658965";

  private static final java.util.concurrent.atomic.AtomicLong CODES =
      new java.util.concurrent.atomic.AtomicLong();

  /** A code no other request of this JVM sends: {@link #CODE}, a dash and a counter. */
  public static String nextCode() {
    return CODE + "-" + CODES.incrementAndGet();
  }
  public static final String REDIRECT_URI = "https://bot.example.com/oauth/callback";

  /** The token the stub issues (an HS256 JWT of the usual size). */
  public static final String ACCESS_TOKEN =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6ImludGVncmF0aW9uIiwiYXBwSWQiOiI1Njk4ZWRi"
          + "ZjJhNDNiZDA4MWJlOTgyZjEiLCJpYXQiOjE3MDAwMDAwMDB9.0x3tPQx3nJ2c0m7wq0jHkXn3kT0S6n9W1z8Zt0bqv0c";

  private static final JsonFactory FACTORY = new JsonFactory();

  private Wire() {}

  /** {@code {"code","grant_type":"authorization_code","client_id","client_secret"}}. */
  public static byte[] tokenRequest(String code) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(160);
        JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("code", code);
      json.writeStringField("grant_type", "authorization_code");
      json.writeStringField("client_id", CLIENT_ID);
      json.writeStringField("client_secret", CLIENT_SECRET);
      json.writeEndObject();
      json.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code access_token} of a token response, after checking that {@code token_type} is
   * Bearer.
   *
   * @throws IllegalStateException when the body is not such a response
   */
  public static String accessToken(byte[] body) {
    String token = null;
    String type = null;
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("not a JSON object");
      }
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (name.equals("access_token") && value == JsonToken.VALUE_STRING) {
          token = parser.getText();
        } else if (name.equals("token_type") && value == JsonToken.VALUE_STRING) {
          type = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("malformed token response", e);
    }
    if (token == null || !"Bearer".equalsIgnoreCase(type)) {
      throw new IllegalStateException("not a Bearer token response");
    }
    return token;
  }
}
