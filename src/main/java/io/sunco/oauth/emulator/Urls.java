package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Query building and parsing for redirects, query strings and form bodies. */
final class Urls {

  private Urls() {}

  /** RFC 3986 friendly: spaces as %20 rather than '+', which strict decoders keep literally. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Appends {@code name=value} pairs (in order) to {@code uri}'s query, with '?' or '&amp;'. */
  static String appendQuery(String uri, Map<String, String> parameters) {
    StringBuilder out = new StringBuilder(uri);
    boolean first = true;
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      if (first) {
        int question = uri.indexOf('?');
        if (question < 0) {
          out.append('?');
        } else if (question != uri.length() - 1 && !uri.endsWith("&")) {
          out.append('&');
        }
        first = false;
      } else {
        out.append('&');
      }
      out.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
    }
    return out.toString();
  }

  /** The raw path of a request target, without its query. */
  static String rawPath(String target) {
    return decoder(target, true).rawPath();
  }

  /** Query parameters of a request target; empty when one is repeated or badly encoded. */
  static Optional<Map<String, String>> queryParameters(String target) {
    return singleValued(decoder(target, true));
  }

  /** Every value of every query parameter of a request target; empty when badly encoded. */
  static Optional<Map<String, List<String>>> queryParameterLists(String target) {
    try {
      return Optional.of(decoder(target, true).parameters());
    } catch (IllegalArgumentException badEncoding) {
      return Optional.empty();
    }
  }

  /**
   * An {@code application/x-www-form-urlencoded} body; empty when a field is repeated or badly
   * encoded.
   */
  static Optional<Map<String, String>> formParameters(String body) {
    return singleValued(decoder(body, false));
  }

  private static QueryStringDecoder decoder(String text, boolean hasPath) {
    return QueryStringDecoder.builder()
        .hasPath(hasPath)
        .semicolonIsNormalChar(true)
        .charset(StandardCharsets.UTF_8)
        .build(text);
  }

  private static Optional<Map<String, String>> singleValued(QueryStringDecoder decoder) {
    Map<String, List<String>> all;
    try {
      all = decoder.parameters();
    } catch (IllegalArgumentException badEncoding) {
      return Optional.empty();
    }
    Map<String, String> single = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : all.entrySet()) {
      if (parameter.getValue().size() != 1) {
        return Optional.empty();
      }
      single.put(parameter.getKey(), parameter.getValue().get(0));
    }
    return Optional.of(single);
  }
}
