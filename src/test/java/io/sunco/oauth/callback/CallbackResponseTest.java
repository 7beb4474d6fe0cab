package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.callback.CallbackResponse.Denied;
import io.sunco.oauth.callback.CallbackResponse.Granted;
import io.sunco.oauth.internal.UntrustedText;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackResponseTest {

  @Test
  void parseWhenCodeAndStateThenGranted() {
    CallbackResponse response =
        CallbackResponse.parse(URI.create("https://app.example/cb?code=658965&state=s1"));

    assertThat(response)
        .isInstanceOfSatisfying(
            Granted.class,
            granted -> {
              assertThat(granted.code().value()).isEqualTo("658965");
              assertThat(granted.state()).contains("s1");
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a%2Bb%20c+d       | a+b c d",
        "%E2%9C%93%f0%9f%94%91 | \u2713\uD83D\uDD11",
        "x%26state%3Dforged | x&state=forged",
        "%25%30            | %0",
        "caf%C3%A9         | caf\u00e9",
        "%c3%af%C3%AF%30%39 | \u00ef\u00ef09",
        "plain-._~         | plain-._~"
      })
  void parseQueryWhenPercentEncodedThenDecodesAsFormUtf8(String encoded, String decoded) {
    CallbackResponse response = CallbackResponse.parseQuery("code=" + encoded + "&state=s");

    assertThat(((Granted) response).code().value()).isEqualTo(decoded);
  }

  @Test
  void parseQueryWhenEncodedAmpersandInCodeThenDoesNotSplitParameters() {
    CallbackResponse response = CallbackResponse.parseQuery("code=x%26state%3Dforged");

    assertThat(response.state()).isEmpty();
  }

  @Test
  void parseWhenUriHasEncodedSlashAndFragmentThenUsesRawQueryAndIgnoresFragment() {
    CallbackResponse response =
        CallbackResponse.parse(
            URI.create("https://app.example/cb?code=a%2Fb%23c&state=s#code=evil"));

    assertThat(((Granted) response).code().value()).isEqualTo("a/b#c");
  }

  @Test
  void parseQueryWhenLeadingQuestionMarkOrStrayAmpersandsThenAccepted() {
    assertThat(CallbackResponse.parseQuery("?code=c&&state=s&")).isInstanceOf(Granted.class);
  }

  @Test
  void parseQueryWhenParameterNameIsEncodedThenDecodedBeforeMatching() {
    assertThat(CallbackResponse.parseQuery("c%6Fde=c&%73tate=s").state()).contains("s");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "code=a&code=b&state=s",
        "code=a&state=s&state=s",
        "code=a&st%61te=x&state=s",
        "code=a&state=s&iss=x&iss=y",
        "error=access_denied&error=server_error&state=s",
        "code=a&state=s&error=access_denied"
      })
  void parseQueryWhenParameterRepeatedOrCodeAndErrorTogetherThenMalformed(String query) {
    assertRejected(() -> CallbackResponse.parseQuery(query), Reason.MALFORMED_CALLBACK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "code=%&state=s",
        "code=%2&state=s",
        "code=ab%&state=s",
        "code=%zz&state=s",
        "code=%\u0663\u0663&state=s",
        "code=%C3%28&state=s",
        "code=%FF&state=s",
        "code=%C3&state=s",
        "code=%C0%AF&state=s",
        "code=%ED%A0%80&state=s",
        "code=%C3\u00a9&state=s"
      })
  void parseQueryWhenPercentEncodingOrUtf8InvalidThenMalformed(String query) {
    assertRejected(() -> CallbackResponse.parseQuery(query), Reason.MALFORMED_CALLBACK);
  }

  @Test
  void parseQueryWhenLongerThanLimitThenMalformed() {
    String query = "code=c&state=" + "s".repeat(CallbackResponse.MAX_QUERY_LENGTH);

    assertRejected(() -> CallbackResponse.parseQuery(query), Reason.MALFORMED_CALLBACK);
    assertThat(CallbackResponse.parseQuery(query.substring(0, CallbackResponse.MAX_QUERY_LENGTH)))
        .isInstanceOf(Granted.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "?", "state=s", "code=&state=s", "error=&state=s", "foo=bar"})
  void parseQueryWhenNeitherCodeNorErrorThenMissingCode(String query) {
    assertRejected(() -> CallbackResponse.parseQuery(query), Reason.MISSING_CODE);
  }

  @Test
  void parseWhenUriHasNoQueryThenMissingCode() {
    assertRejected(
        () -> CallbackResponse.parse(URI.create("https://app.example/cb")), Reason.MISSING_CODE);
  }

  @Test
  void parseQueryWhenStateEmptyThenStateAbsent() {
    assertThat(CallbackResponse.parseQuery("code=c&state=").state()).isEmpty();
    assertThat(CallbackResponse.parseQuery("code=c&state").state()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "access_denied",
        "ACCESS_DENIED",
        "user_cancelled",
        "denied",
        "consent_required",
        "server_error",
        "temporarily_unavailable",
        "something new",
        "\u00e9chec"
      })
  void parseQueryWhenAnyErrorValueThenDeniedKeepsTheValue(String error) {
    CallbackResponse response =
        CallbackResponse.parseQuery(
            "error="
                + java.net.URLEncoder.encode(error, java.nio.charset.StandardCharsets.UTF_8)
                + "&error_description=Nope&state=s");

    assertThat(response)
        .isInstanceOfSatisfying(
            Denied.class,
            denied -> {
              assertThat(denied.error()).isEqualTo(error);
              assertThat(denied.errorDescription()).contains("Nope");
              assertThat(denied.state()).contains("s");
              AuthorizationDeniedException exception = denied.toException();
              assertThat(exception.error()).isEqualTo(error);
              assertThat(exception.reason())
                  .isEqualTo(
                      error.equalsIgnoreCase("access_denied")
                          ? Reason.ACCESS_DENIED
                          : Reason.AUTHORIZATION_ERROR);
              assertThat(exception.isAccessDenied())
                  .isEqualTo(exception.reason() == Reason.ACCESS_DENIED);
            });
  }

  @Test
  void parseQueryWhenErrorHasNoDescriptionThenDescriptionEmpty() {
    Denied denied = (Denied) CallbackResponse.parseQuery("error=access_denied&state=s");

    assertThat(denied.errorDescription()).isEmpty();
    assertThat(denied.toException().errorDescription()).isEmpty();
    assertThat(denied.toException())
        .hasMessage("The customer denied the authorization (error=\"access_denied\")");
  }

  @Test
  void parseQueryWhenErrorTextsCarryControlCharactersAndAreLongThenSanitizedAndCapped() {
    String description = "Line1%0D%0AFAKE LOG LINE%1B[31m%E2%80%AEtxt.exe" + "x".repeat(500);
    Denied denied =
        (Denied)
            CallbackResponse.parseQuery(
                "error=access%00_denied%0A&error_description=" + description + "&state=s");

    assertThat(denied.error()).isEqualTo("access _denied");
    assertThat(denied.errorDescription())
        .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Line1 FAKE LOG LINE [31mtxt.exe")
        .endsWith(UntrustedText.ELLIPSIS)
        .hasSize(AuthorizationDeniedException.MAX_TEXT_LENGTH)
        .doesNotContain("\r", "\n", "\u001b", "\u202e");
    assertThat(denied.toException().getMessage()).doesNotContain("\r", "\n", "\u001b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%0A%0D%00", "%20%20", "+++", "%E2%80%AE%20"})
  void parseQueryWhenDescriptionBlankOrOnlyControlCharactersThenDescriptionEmpty(
      String description) {
    Denied denied =
        (Denied)
            CallbackResponse.parseQuery("error=x&error_description=" + description + "&state=s");

    assertThat(denied.errorDescription()).isEmpty();
    assertThat(denied.toException().errorDescription()).isEmpty();
    assertThat(denied.toException())
        .hasMessage("The authorization server reported an error (error=\"x\")");
  }

  @Test
  void parseWhenArgumentNullThenThrowsNullPointerException() {
    assertThatThrownBy(() -> CallbackResponse.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CallbackResponse.parseQuery(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void constructorsWhenPresentStateEmptyThenThrowIllegalArgument() {
    assertThatThrownBy(() -> new Granted(new AuthorizationCode("c"), Optional.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Denied("e", Optional.empty(), Optional.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthorizationCode(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
