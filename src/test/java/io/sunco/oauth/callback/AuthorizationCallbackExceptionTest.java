package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationCallbackExceptionTest {

  @Test
  void ofWhenDenialReasonThenThrowsIllegalArgument() {
    assertThatThrownBy(() -> AuthorizationCallbackException.of(Reason.ACCESS_DENIED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthorizationCallbackException.of(Reason.AUTHORIZATION_ERROR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthorizationCallbackException.of(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void ofWhenStateReasonThenIsRuntimeExceptionWithReason() {
    AuthorizationCallbackException exception =
        AuthorizationCallbackException.of(Reason.REPLAYED_STATE);

    assertThat(exception)
        .isInstanceOf(RuntimeException.class)
        .isNotInstanceOf(AuthorizationDeniedException.class);
    assertThat(exception.reason()).isEqualTo(Reason.REPLAYED_STATE);
  }

  @Test
  void deniedWhenErrorValueIsAccessDeniedInAnyCaseThenAccessDenied() {
    assertThat(new AuthorizationDeniedException("Access_Denied", Optional.empty()).isAccessDenied())
        .isTrue();
    assertThat(
            new AuthorizationDeniedException("access_denied_by_admin", Optional.empty()).reason())
        .isEqualTo(Reason.AUTHORIZATION_ERROR);
  }

  /** A denial as the callback parser makes it: the one place its texts are cleaned. */
  private static AuthorizationDeniedException denial(String error, String description) {
    return new CallbackResponse.Denied(error, Optional.of(description), Optional.empty())
        .toException();
  }

  @Test
  void deniedWhenTextsTooLongThenCappedAtTwoHundredCharacters() {
    AuthorizationDeniedException denied = denial("e".repeat(1_000), "d".repeat(1_000));

    assertThat(denied.error()).hasSize(200).endsWith("e\u2026");
    assertThat(denied.errorDescription()).hasValueSatisfying(d -> assertThat(d).hasSize(200));
    assertThat(denied.getMessage().length()).isLessThan(500);
  }

  @Test
  void deniedWhenTextsCleanedOnceThenAnEllipsisIsNotCutAgain() {
    // Cleaned twice, a 200-character text ending in an ellipsis would lose one more character.
    AuthorizationDeniedException denied = denial("e".repeat(199) + "\u2026", "d");

    assertThat(denied.error()).isEqualTo("e".repeat(199) + "\u2026");
  }

  @Test
  void deniedWhenDescriptionBlankOnceSanitizedThenHasNoDescription() {
    AuthorizationDeniedException blank = denial("server_error", "  ");
    AuthorizationDeniedException controls = denial("server_error", "\r\n\u202e ");

    assertThat(blank.errorDescription()).isEmpty();
    assertThat(blank)
        .hasMessage("The authorization server reported an error (error=\"server_error\")");
    assertThat(controls.errorDescription()).isEmpty();
    assertThat(denial("server_error", " a ").errorDescription()).contains("a");
  }
}
