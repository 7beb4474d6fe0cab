package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI_WITH_QUERY;
import static io.sunco.oauth.emulator.TestHttp.authorizeUrl;
import static io.sunco.oauth.emulator.TestHttp.decide;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.location;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static io.sunco.oauth.emulator.TestHttp.queryOf;
import static io.sunco.oauth.emulator.TestHttp.tokenInfo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ConsentPageTest {

  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final String HOSTILE_STATE = "\"><script>alert('x')</script>&amp;";

  @AutoClose
  private final SunshineOAuthEmulator emulator =
      emulatorBuilder().app(OTHER_APP).consentMode(ConsentMode.INTERACTIVE).start();

  @Test
  void authorizeWhenInteractiveThenConsentPageWithAllowAndDenyButtons() {
    HttpResponse<String> response = get(authorizeUrl(emulator, "state", "s1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.body())
        .contains("<form method=\"post\" action=\"" + SunshineOAuthEmulator.DECISION_PATH + "\">")
        .contains("id=\"allow\"")
        .contains("id=\"deny\"")
        .contains("<option value=\"" + APP.id() + "\" selected>");
    assertThat(hiddenFields(response.body()))
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", REDIRECT_URI)
        .containsEntry("state", "s1");
  }

  @Test
  void authorizeWhenStateHasMarkupThenPageEscapesIt() {
    HttpResponse<String> response = get(authorizeUrl(emulator, "state", HOSTILE_STATE));

    assertThat(response.body())
        .doesNotContain("<script>")
        .doesNotContain("alert('x')")
        .contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;");
    // App names are escaped too.
    assertThat(response.body()).contains("Globex &lt;Help&gt;").doesNotContain("Globex <Help>");
    assertThat(hiddenFields(response.body())).containsEntry("state", HOSTILE_STATE);
  }

  @Test
  void authorizeWhenInteractiveAndRedirectUriNotRegisteredThen400() {
    HttpResponse<String> response =
        get(authorizeUrl(emulator, "redirect_uri", "http://evil.example/"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("id=\"allow\"");
  }

  @Test
  void decisionWhenAllowThenRedirectsWithWorkingCodeAndState() {
    Map<String, String> fields =
        hiddenFields(
            get(authorizeUrl(
                    emulator, "state", HOSTILE_STATE, "redirect_uri", REDIRECT_URI_WITH_QUERY))
                .body());

    HttpResponse<String> decision = submit(fields, "allow", OTHER_APP.id());

    assertThat(decision.statusCode()).isEqualTo(302);
    String location = location(decision);
    assertThat(location).startsWith(REDIRECT_URI_WITH_QUERY + "&code=");
    Map<String, String> query = queryOf(location);
    assertThat(query).containsEntry("state", HOSTILE_STATE);
    HttpResponse<String> token = exchange(emulator, query.get("code"));
    assertThat(token.statusCode()).isEqualTo(200);
    String accessToken = parse(token.body()).get("access_token").asText();
    HttpResponse<String> info = tokenInfo(emulator, "Bearer " + accessToken);
    assertThat(parse(info.body()).path("app").path("id").asText()).isEqualTo(OTHER_APP.id());
  }

  @Test
  void decisionWhenDenyThenRedirectsWithAccessDeniedAndState() {
    Map<String, String> fields = hiddenFields(get(authorizeUrl(emulator, "state", "s 2")).body());

    HttpResponse<String> decision = submit(fields, "deny", APP.id());

    assertThat(decision.statusCode()).isEqualTo(302);
    assertThat(location(decision)).startsWith(REDIRECT_URI + "?error=access_denied&state=");
    assertThat(queryOf(location(decision)))
        .containsOnlyKeys("error", "state")
        .containsEntry("state", "s 2");
  }

  @Test
  void decisionWhenDenyWithoutStateThenNoStateInRedirect() {
    Map<String, String> fields = hiddenFields(get(authorizeUrl(emulator)).body());

    HttpResponse<String> decision = submit(fields, "deny", APP.id());

    assertThat(queryOf(location(decision))).containsOnlyKeys("error");
  }

  @Test
  void decisionWhenRedirectUriNotRegisteredThen400WithoutRedirect() {
    HttpResponse<String> decision =
        decide(
            emulator,
            "client_id",
            CLIENT_ID,
            "redirect_uri",
            "http://evil.example/cb",
            "decision",
            "allow");

    assertThat(decision.statusCode()).isEqualTo(400);
    assertThat(decision.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void decisionWhenUnknownClientThen400() {
    HttpResponse<String> decision = decide(emulator, "client_id", "nobody", "decision", "allow");

    assertThat(decision.statusCode()).isEqualTo(400);
    assertThat(decision.body()).contains("invalid_client");
  }

  @Test
  void decisionWhenNeitherAllowNorDenyThen400() {
    HttpResponse<String> decision = decide(emulator, "client_id", CLIENT_ID, "decision", "maybe");

    assertThat(decision.statusCode()).isEqualTo(400);
  }

  @Test
  void decisionWhenGetThen405() {
    HttpResponse<String> response = get(emulator.baseUrl() + SunshineOAuthEmulator.DECISION_PATH);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  /**
   * What a browser posts when the customer clicks a button: the hidden fields, the app, the button.
   */
  private HttpResponse<String> submit(Map<String, String> hidden, String decision, String appId) {
    List<String> fields = new ArrayList<>();
    hidden.forEach(
        (name, value) -> {
          fields.add(name);
          fields.add(value);
        });
    fields.add("app_id");
    fields.add(appId);
    fields.add("decision");
    fields.add(decision);
    return decide(emulator, fields.toArray(String[]::new));
  }

  private static Map<String, String> hiddenFields(String page) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(page);
    while (matcher.find()) {
      fields.put(matcher.group(1), unescape(matcher.group(2)));
    }
    return fields;
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
