package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** No code, state, nonce, binding or key appears in any toString() or exception message. */
class RedactionTest {

  private static final String CODE = "SECRET-CODE-658965";
  private static final String STATE = "SECRET-STATE-abc";
  private static final String BINDING = "SECRET-BINDING-xyz";
  private static final byte[] KEY = "SECRET-KEY-0123456789abcdefghijk".getBytes();

  @Test
  void toStringWhenValueTypesHoldSecretsThenShowsNone() {
    AuthorizationCode code = new AuthorizationCode(CODE);
    PendingAuthorization data =
        PendingAuthorization.of(BINDING, Instant.EPOCH)
            .withRedirectUri(URI.create("https://app.example/cb"))
            .withAttribute("userId", "SECRET-ATTRIBUTE");
    SignedStateCodec codec = SignedStateCodec.create(KEY);
    SignedState signed = codec.issue();
    VerifiedSignedState verified = codec.verify(signed.state(), signed.browserNonce());

    assertThat(code).hasToString("AuthorizationCode[****]");
    assertThat(data)
        .hasToString(
            "PendingAuthorization[browserBinding=****, createdAt=1970-01-01T00:00:00Z,"
                + " redirectUri=https://app.example/cb, attributes=[userId]]");
    assertThat(new VerifiedCallback(code, Optional.of(data)).toString())
        .startsWith(
            "VerifiedCallback[code=AuthorizationCode[****], pendingAuthorization=PendingAuthorization[");
    assertThat(new CallbackResponse.Granted(code, Optional.of(STATE)))
        .hasToString("Granted[code=AuthorizationCode[****], state=****]");
    assertThat(new CallbackResponse.Denied("access_denied", Optional.of("no"), Optional.of(STATE)))
        .hasToString("Denied[error=access_denied, errorDescription=no, state=****]");
    assertThat(signed.toString())
        .startsWith("SignedState[state=****, browserNonce=****, expiresAt=");
    assertThat(verified.toString()).startsWith("VerifiedSignedState[replayKey=****, expiresAt=");
    assertThat(codec).hasToString("SignedStateCodec[key=****, ttl=PT10M]");

    List<String> rendered =
        List.of(
            code.toString(),
            data.toString(),
            signed.toString(),
            verified.toString(),
            codec.toString(),
            new VerifiedCallback(code, Optional.of(data)).toString());
    List<String> secrets =
        new ArrayList<>(
            List.of(
                CODE,
                STATE,
                BINDING,
                "SECRET-ATTRIBUTE",
                signed.state(),
                signed.browserNonce(),
                verified.replayKey(),
                new String(KEY),
                Base64.getEncoder().encodeToString(KEY),
                HexFormat.of().formatHex(KEY)));
    for (String text : rendered) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  @Test
  void toStringWhenCallbackHasVerifiedRedirectsThenNamesTheClassOnly() {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    AuthorizationCallback withStore = AuthorizationCallback.usingStore(store);
    SignedStateCodec codec = SignedStateCodec.create(KEY);
    SignedState signed = codec.issue();
    AuthorizationCallback withSignedState =
        AuthorizationCallback.usingSignedState(codec, InMemoryReplayGuard.create());
    store.save(STATE, PendingAuthorization.of(BINDING, Instant.now())).block();

    StepVerifier.create(
            withStore.verify(
                java.net.URI.create("/callback?" + "code=" + CODE + "&state=" + STATE), BINDING))
        .expectNextCount(1)
        .verifyComplete();
    StepVerifier.create(
            withSignedState.verify(
                java.net.URI.create("/callback?" + "code=" + CODE + "&state=" + signed.state()),
                signed.browserNonce()))
        .expectNextCount(1)
        .verifyComplete();

    for (AuthorizationCallback callback : List.of(withStore, withSignedState)) {
      assertThat(callback).hasToString("AuthorizationCallback");
      assertThat(callback.toString())
          .doesNotContain(CODE, STATE, BINDING, signed.state(), signed.browserNonce());
    }
  }

  @Test
  void messageWhenCallbackRejectedThenContainsNoCodeStateOrBinding() {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    AuthorizationCallback callback = AuthorizationCallback.usingStore(store);
    store.save(STATE, PendingAuthorization.of(BINDING, Instant.now())).block();
    List<String> queries =
        List.of(
            "code=" + CODE + "&code=" + CODE + "&state=" + STATE, // malformed
            "code=" + CODE, // missing state
            "code=" + CODE + "&state=" + STATE + "x", // unknown state
            "code=" + CODE + "&state=" + STATE); // foreign (wrong binding)

    for (String query : queries) {
      StepVerifier.create(
              callback.verify(java.net.URI.create("/callback?" + query), "wrong-" + BINDING))
          .expectErrorSatisfies(
              error -> assertThat(error.toString()).doesNotContain(CODE, STATE, BINDING))
          .verify();
    }
  }

  @Test
  void messageWhenEachReasonThenIsTheReasonsFixedText() {
    for (Reason reason : Reason.values()) {
      if (reason == Reason.ACCESS_DENIED || reason == Reason.AUTHORIZATION_ERROR) {
        continue;
      }
      AuthorizationCallbackException exception = AuthorizationCallbackException.of(reason);

      assertThat(exception.reason()).isEqualTo(reason);
      assertThat(exception).hasMessage(reason.message());
    }
  }

  @Test
  void messageWhenDeniedThenCarriesOnlySanitizedServerText() {
    AuthorizationDeniedException denied =
        ((CallbackResponse.Denied)
                CallbackResponse.parseQuery(
                    "error=server_error&error_description=try%0Alater&state=" + STATE))
            .toException();

    assertThat(denied)
        .hasMessage(
            "The authorization server reported an error"
                + " (error=\"server_error\", description=\"try later\")");
    assertThat(denied.getMessage()).doesNotContain(STATE);
  }
}
