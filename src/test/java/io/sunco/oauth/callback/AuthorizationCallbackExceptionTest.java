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

  @Test
  void deniedWhenTextsTooLongThenCappedAtTwoHundredCharacters() {
    AuthorizationDeniedException denied =
        new AuthorizationDeniedException("e".repeat(1_000), Optional.of("d".repeat(1_000)));

    assertThat(denied.error()).hasSize(200).endsWith("...");
    assertThat(denied.errorDescription()).hasValueSatisfying(d -> assertThat(d).hasSize(200));
    assertThat(denied.getMessage().length()).isLessThan(500);
  }

  @Test
  void deniedWhenDescriptionBlankOnceSanitizedThenHasNoDescription() {
    AuthorizationDeniedException blank =
        new AuthorizationDeniedException("server_error", Optional.of("  "));
    AuthorizationDeniedException controls =
        new AuthorizationDeniedException("server_error", Optional.of("\r\n\u202e "));

    assertThat(blank.errorDescription()).isEmpty();
    assertThat(blank)
        .hasMessage("The authorization server reported an error (error=\"server_error\")");
    assertThat(controls.errorDescription()).isEmpty();
    assertThat(
            new AuthorizationDeniedException("server_error", Optional.of(" a ")).errorDescription())
        .contains(" a ");
  }
}
