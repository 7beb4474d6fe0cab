package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request as the emulator received it, recorded before it was answered (also when a {@link
 * ScriptedResponse} took it over). {@link #toString()} shows neither the query, the headers nor the
 * body, since they may carry secrets, codes or tokens; the accessors return them as received.
 * Immutable: the headers are copied into an unmodifiable map. Two requests are equal when every
 * component is, header names compared as spelled.
 *
 * @param sequenceNumber the position of this request among all requests the emulator received, from
 *     0 (an emulator that received more than {@link Integer#MAX_VALUE} requests counts on from the
 *     smallest int)
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request target as sent: path and query, e.g. {@code
 *     /oauth/authorize?client_id=abc}
 * @param shownPath the path without the query, still percent-encoded, as {@link #toString()} and
 *     {@link HandledRequest#path()} show it: a segment that holds a secret known to the emulator
 *     (see {@link SunshineOAuthEmulator#requestsWithSecretInUrl()}) shows as {@code ****} (masking
 *     it is the job of whoever builds the request)
 * @param headers every header received, by name looked up case-insensitively (the name as first
 *     spelled by the client), each with its values in the order received
 * @param body the body decoded as UTF-8; empty when the request had none, or when it was larger
 *     than the emulator's cap ({@link SunshineOAuthEmulator.Builder#maxRequestBodyBytes(int)}) and
 *     answered {@code 413}
 */
public record RecordedRequest(
    int sequenceNumber,
    String method,
    String path,
    String shownPath,
    Map<String, List<String>> headers,
    String body) {

  /**
   * Checks the components and copies the headers into an unmodifiable map whose names are looked up
   * case-insensitively.
   *
   * @param sequenceNumber the position among the requests received
   * @param method the HTTP method
   * @param path the request target, path and query
   * @param shownPath the path without query, secrets masked; must not hold a {@code ?}
   * @param headers the headers, copied
   * @param body the body
   * @throws NullPointerException if a component, a header name, a value list or a value is {@code
   *     null}
   * @throws IllegalArgumentException if {@code shownPath} has a query, or two header names differ
   *     only in case
   */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(shownPath, "shownPath");
    if (shownPath.indexOf('?') >= 0) {
      // toString() shows it: a query may hold a code or a secret.
      throw new IllegalArgumentException("shownPath must not have a query");
    }
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers")
        .forEach(
            (name, values) -> {
              if (byName.put(Objects.requireNonNull(name, "header name"), List.copyOf(values))
                  != null) {
                throw new IllegalArgumentException("header names differ only in case: " + name);
              }
            });
    headers = Collections.unmodifiableMap(byName);
  }

  /**
   * Whether {@code other} is a request with equal components, header names compared as spelled (the
   * map looks names up case-insensitively, its equality would not tell {@code Accept} from {@code
   * accept} while its hash code does).
   *
   * @param other the object to compare with
   * @return {@code true} when equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RecordedRequest that
        && sequenceNumber == that.sequenceNumber
        && method.equals(that.method)
        && path.equals(that.path)
        && shownPath.equals(that.shownPath)
        && headerEntries().equals(that.headerEntries())
        && body.equals(that.body);
  }

  /**
   * A hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(sequenceNumber, method, path, shownPath, headerEntries(), body);
  }

  private List<Map.Entry<String, List<String>>> headerEntries() {
    return List.copyOf(headers.entrySet());
  }

  /** The request as received: headers in arrival order, grouped by case-insensitive name. */
  static RecordedRequest received(
      int sequenceNumber,
      String method,
      String path,
      String shownPath,
      List<Map.Entry<String, String>> headers,
      String body) {
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : headers) {
      byName.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
    }
    return new RecordedRequest(sequenceNumber, method, path, shownPath, byName, body);
  }

  /**
   * The path without the query, still percent-encoded, e.g. {@code /oauth/authorize}.
   *
   * @return the path
   */
  public String pathWithoutQuery() {
    return new QueryStringDecoder(path, StandardCharsets.UTF_8).rawPath();
  }

  /**
   * The first value of query parameter {@code name}, percent-decoded.
   *
   * @param name the parameter name
   * @return the value, or empty when the query does not have it
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public Optional<String> queryParameter(String name) {
    Objects.requireNonNull(name, "name");
    List<String> values =
        new QueryStringDecoder(path, StandardCharsets.UTF_8).parameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The first value of header {@code name}, looked up case-insensitively.
   *
   * @param name the header name
   * @return the value, or empty when the request did not have that header
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public Optional<String> header(String name) {
    List<String> values = headerValues(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * All values of header {@code name} in the order received, looked up case-insensitively.
   *
   * @param name the header name
   * @return the values, empty when the request did not have that header
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public List<String> headerValues(String name) {
    Objects.requireNonNull(name, "name");
    return headers.getOrDefault(name, List.of());
  }

  /**
   * The names of all headers received, as first spelled by the client, in case-insensitive order.
   *
   * @return the header names
   */
  public Set<String> headerNames() {
    return headers.keySet();
  }

  /**
   * Describes the request without query, headers or body; a path segment that holds a secret known
   * to the emulator (see {@link SunshineOAuthEmulator#requestsWithSecretInUrl()}) shows as {@code
   * ****}.
   *
   * @return e.g. {@code RecordedRequest[#3 POST /oauth/token, 5 headers, body 120 chars]}
   */
  @Override
  public String toString() {
    return "RecordedRequest[#"
        + sequenceNumber
        + " "
        + method
        + " "
        + shownPath
        + ", "
        + headers.size()
        + " headers, body "
        + body.length()
        + " chars]";
  }
}
