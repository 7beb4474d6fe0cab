package io.sunco.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.internal.RawResponse;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoding of the server's answers, fed straight into {@link Responses}. */
class ResponsesTest {

  private static RawResponse answer(int status, String body) {
    return new RawResponse(status, null, "application/json", body.getBytes(UTF_8));
  }

  private static SunshineApiException apiError(String body) {
    return Responses.apiError(Operation.GET_TOKEN, answer(400, body), Instant.EPOCH);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"token_type\":\"Bearer\"}|no access_token",
        "{\"access_token\":5,\"token_type\":\"Bearer\"}|access_token is not a non-blank string",
        "{\"access_token\":\" \",\"token_type\":\"Bearer\"}|access_token is not a non-blank string",
        "{\"access_token\":null,\"token_type\":\"Bearer\"}|access_token is not a non-blank string",
        "{\"access_token\":\"tok\"}|no token_type",
        "{\"access_token\":\"tok\",\"token_type\":\"mac\"}|token_type is not Bearer",
        "{\"access_token\":\"tok\",\"token_type\":true}|token_type is not Bearer",
        "{\"access_token\":\"t k\",\"token_type\":\"Bearer\"}"
            + "|access_token holds characters a header cannot carry",
        "[]|the body is not a JSON object",
      })
  void accessTokenWhenMemberMissingOrWrongThenResponseExceptionNamingTheProblem(
      String body, String problem) {
    assertThatThrownBy(() -> Responses.accessToken(answer(200, body)))
        .isInstanceOf(SunshineResponseException.class)
        .hasMessage("getToken failed: malformed answer to HTTP 200: " + problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html><body>OK</body></html>", "OK", "access_token=tok"})
  void accessTokenWhenSuccessBodyIsNotJsonThenResponseExceptionWithoutQuotingIt(String body) {
    assertThatThrownBy(() -> Responses.accessToken(answer(200, body)))
        .isInstanceOf(SunshineResponseException.class)
        .hasMessageStartingWith("getToken failed: malformed answer to HTTP 200: ")
        .hasMessageNotContaining(body)
        .hasMessageNotContaining("tok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bearer", "BEARER", "Bearer"})
  void accessTokenWhenTokenTypeInAnyCaseThenBearerToken(String tokenType) {
    AccessToken token =
        Responses.accessToken(
            answer(200, "{\"access_token\":\"tok\",\"token_type\":\"" + tokenType + "\"}"));

    assertThat(token).isEqualTo(AccessToken.bearer("tok"));
  }

  /** Each JSON whitespace character may precede the object, alone or mixed with the others. */
  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", "\r", "\n", " \t\r\n", "\n\r\t ", "\r\n  "})
  void apiErrorWhenBodyHasLeadingWhitespaceThenErrorsStillDecoded(String whitespace) {
    SunshineApiException error =
        apiError(whitespace + "{\"error\":\"invalid_grant\",\"error_description\":\"spent\"}");

    assertThat(error.errors()).containsExactly(new ApiError("invalid_grant", "spent"));
    assertThat(error.hasErrorCode("invalid_grant")).isTrue();
  }

  /** Jackson skips a UTF-8 byte-order mark in a success answer; an error answer decodes alike. */
  @ParameterizedTest
  @ValueSource(strings = {"\uFEFF", "\uFEFF \r\n"})
  void apiErrorWhenBodyStartsWithByteOrderMarkThenErrorsStillDecoded(String prefix) {
    SunshineApiException error = apiError(prefix + "{\"error\":\"invalid_grant\"}");

    assertThat(error.hasErrorCode("invalid_grant")).isTrue();
    assertThat(apiError("\uFEFF<html>502</html>").errors()).isEmpty();
    assertThat(apiError("\uFEFF").errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html><body>502 Bad Gateway</body></html>",
        "",
        "   \r\n\t",
        "[{\"error\":\"invalid_grant\"}]",
        "\"invalid_grant\"",
        "{\"error\":",
        "x{\"error\":\"invalid_grant\"}"
      })
  void apiErrorWhenBodyIsNotAJsonObjectThenNoErrorsAndStatusKept(String body) {
    SunshineApiException error = apiError(body);

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).isEmpty();
    assertThat(error.getMessage()).isEqualTo("getToken failed: HTTP 400");
  }
}
