package io.sunco.oauth.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.internal.UntrustedText;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The texts and checks of the public error types. */
class ErrorTextTest {

  private static final String REDIRECT_NOTE = " (redirects are not followed)";

  private static SunshineApiException apiException(int status, ApiError... errors) {
    return new SunshineApiException(Operation.GET_TOKEN, status, List.of(errors), null);
  }

  @Test
  void apiErrorWhenToStringThenCodeAndDescriptionAsPresent() {
    assertThat(new ApiError("invalid_grant", "").toString()).isEqualTo("invalid_grant");
    assertThat(new ApiError("", "The code is spent").toString()).isEqualTo("The code is spent");
    assertThat(new ApiError("invalid_grant", "The code is spent").toString())
        .isEqualTo("invalid_grant: The code is spent");
    assertThat(new ApiError("", "").toString()).isEmpty();
  }

  @Test
  void apiErrorWhenServerTextUntrustedThenCleanedByTheOneRule() {
    ApiError error = new ApiError("bad\r\ncode", "d".repeat(UntrustedText.DEFAULT_MAX_CHARS + 1));

    assertThat(error.code()).isEqualTo("bad code");
    assertThat(error.description())
        .isEqualTo("d".repeat(UntrustedText.DEFAULT_MAX_CHARS - 1) + UntrustedText.ELLIPSIS);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 999})
  void apiExceptionWhenStatusAtEitherEndOfRangeThenAccepted(int status) {
    assertThat(apiException(status).status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {99, 1000, 0, -1})
  void apiExceptionWhenStatusOutsideThreeDigitsThenIllegalArgumentException(int status) {
    assertThatThrownBy(() -> apiException(status))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be a three-digit HTTP status: " + status);
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 302, 399})
  void apiExceptionWhenStatusIsRedirectThenMessageSaysRedirectsAreNotFollowed(int status) {
    assertThat(apiException(status).getMessage())
        .isEqualTo("getToken failed: HTTP " + status + REDIRECT_NOTE);
  }

  @ParameterizedTest
  @ValueSource(ints = {299, 400, 200, 500})
  void apiExceptionWhenStatusIsNotRedirectThenMessageHasNoRedirectNote(int status) {
    assertThat(apiException(status).getMessage()).isEqualTo("getToken failed: HTTP " + status);
  }

  @Test
  void apiExceptionWhenErrorsDecodedThenMessageListsThem() {
    assertThat(
            apiException(400, new ApiError("invalid_grant", "spent"), new ApiError("x", ""))
                .getMessage())
        .isEqualTo("getToken failed: HTTP 400 [invalid_grant: spent, x]");
  }

  @Test
  void hasErrorCodeWhenAnErrorHasTheCodeInAnyCaseThenTrue() {
    SunshineApiException error =
        apiException(400, new ApiError("invalid_request", ""), new ApiError("invalid_grant", ""));

    assertThat(error.hasErrorCode("invalid_grant")).isTrue();
    assertThat(error.hasErrorCode("INVALID_GRANT")).isTrue();
  }

  @Test
  void hasErrorCodeWhenNoErrorHasTheCodeThenFalse() {
    assertThat(
            apiException(400, new ApiError("invalid_request", "invalid_grant"))
                .hasErrorCode("invalid_grant"))
        .isFalse();
    assertThat(apiException(400).hasErrorCode("invalid_grant")).isFalse();
    assertThat(apiException(400, new ApiError("", "")).hasErrorCode("invalid_grant")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(SunshineTransportException.Reason.class)
  void transportExceptionWhenMadeThenMessageCarriesTheReasonsDescription(
      SunshineTransportException.Reason reason) {
    SunshineTransportException error =
        new SunshineTransportException(Operation.GET_TOKEN_INFO, reason, false, null);

    assertThat(reason.description()).isNotBlank();
    assertThat(error.reason()).isEqualTo(reason);
    assertThat(error.getMessage())
        .isEqualTo(
            "getTokenInfo failed: "
                + reason.description()
                + " (the request did not reach the server)");
  }

  @Test
  void transportReasonWhenDescribedThenEachDescriptionIsDistinct() {
    assertThat(
            Arrays.stream(SunshineTransportException.Reason.values())
                .map(SunshineTransportException.Reason::description))
        .doesNotHaveDuplicates()
        .contains("the connection could not be made", "the exchange failed");
  }
}
