package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI;
import static io.sunco.oauth.emulator.TestHttp.accessToken;
import static io.sunco.oauth.emulator.TestHttp.authorizeUrl;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code HEAD} works wherever {@code GET} does: the same status and headers, no body. */
class HeadRequestTest {

  @AutoClose
  private final SunshineOAuthEmulator emulator =
      emulatorBuilder().consentMode(ConsentMode.INTERACTIVE).start();

  private static HttpResponse<String> head(String url, String... headers) {
    return TestHttp.send("HEAD", url, HttpRequest.BodyPublishers.noBody(), headers);
  }

  @Test
  void headWhenConsentPageThen200WithGetsHeadersAndNoBody() {
    String url = authorizeUrl(emulator, "state", "s");
    HttpResponse<String> viaGet = get(url);

    HttpResponse<String> viaHead = head(url);

    assertThat(viaHead.statusCode()).isEqualTo(200).isEqualTo(viaGet.statusCode());
    assertThat(viaHead.body()).isEmpty();
    assertThat(viaHead.headers().firstValue("Content-Type"))
        .isEqualTo(viaGet.headers().firstValue("Content-Type"));
    assertThat(viaHead.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void headWhenAuthorizeErrorThenSameStatusAsGet() {
    String unknownClient =
        emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZE_PATH + "?client_id=nobody";
    emulator.consentMode(ConsentMode.DENY);

    assertThat(head(unknownClient).statusCode()).isEqualTo(400);
    HttpResponse<String> denied = head(authorizeUrl(emulator, "state", "s"));
    assertThat(denied.statusCode()).isEqualTo(302);
    assertThat(denied.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).startsWith(REDIRECT_URI + "?error="));
  }

  @Test
  void headWhenTokenInfoThenStatusOfGetWithoutBody() {
    String url = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH;
    emulator.consentMode(ConsentMode.AUTOMATIC);
    String token = accessToken(emulator);

    HttpResponse<String> valid = head(url, "Authorization", "Bearer " + token);
    HttpResponse<String> missing = head(url);

    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(valid.body()).isEmpty();
    assertThat(valid.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(missing.statusCode()).isEqualTo(401);
  }

  @Test
  void headWhenEndpointTakesNoGetThen405() {
    HttpResponse<String> token = head(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH);

    assertThat(token.statusCode()).isEqualTo(405);
    assertThat(token.headers().firstValue("Allow")).hasValue("POST");
  }
}
