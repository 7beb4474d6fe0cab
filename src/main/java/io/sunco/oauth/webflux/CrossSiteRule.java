package io.sunco.oauth.webflux;

import java.net.URI;
import java.util.Locale;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The one home of the rule that refuses state-changing requests sent by another site, the rule of
 * Go's {@code net/http.CrossOriginProtection}: a browser's {@code Sec-Fetch-Site} decides when
 * present ({@code same-origin} or {@code none}, a request the user made directly, pass; {@code
 * same-site} and {@code cross-site} are refused: a sibling subdomain is another site); else an
 * {@code Origin} header must name the request's own host and port ({@code null} is refused); a
 * request with neither comes from no browser (a script, {@code curl}) and passes, since no
 * browser's ambient cookies ride on it.
 */
final class CrossSiteRule {

  private CrossSiteRule() {}

  /** Whether {@code request} came from another site than the one it is sent to. */
  static boolean isCrossSite(ServerRequest request) {
    String fetchSite = request.headers().firstHeader("Sec-Fetch-Site");
    if (fetchSite != null) {
      String site = fetchSite.trim().toLowerCase(Locale.ROOT);
      return !(site.equals("same-origin") || site.equals("none"));
    }
    String origin = request.headers().firstHeader("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.uri().getRawAuthority();
    try {
      String originHost = URI.create(origin.trim()).getRawAuthority();
      return originHost == null || host == null || !originHost.equalsIgnoreCase(host);
    } catch (IllegalArgumentException malformed) {
      return true;
    }
  }
}
