package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallbackException;
import java.util.Locale;

/**
 * How one callback of the {@link SunshineOAuthRoutes} ended: the value of the {@value
 * SunshineOAuthRoutes#OUTCOME_KEY} key of the {@value SunshineOAuthRoutes#OBSERVATION_NAME}
 * observation (a counter and a timer per outcome under Micrometer's meter handler), and of the
 * {@code outcome=} field of the log line of every flow that did not connect. Refusals (the
 * browser's side) are logged at INFO, failures on our side or upstream at WARN.
 */
public enum FlowOutcome {
  /** The token was exchanged, its app looked up and the sink stored both: {@code 303}. */
  CONNECTED(false),
  /** The redirect carried an {@code error} (the customer refused, or the server failed). */
  DENIED(false),
  /** The state was already used by an earlier callback. */
  REPLAYED_STATE(false),
  /** The state was issued to another browser: its nonce cookie does not match. */
  FOREIGN_STATE(false),
  /** The state's lifetime ended, or the store does not know it (never issued, or forgotten). */
  EXPIRED_STATE(false),
  /**
   * The callback cannot be read: a malformed query, no state, no code, a signed state of the wrong
   * shape or whose signature does not verify, or a code the client refuses to send.
   */
  MALFORMED(false),
  /**
   * The state verified, but the user signed in now is not the one who started the flow ({@link
   * FlowAttributes#stillMatches}): nothing was exchanged.
   */
  OTHER_USER(false),
  /** The token endpoint or the token info call failed or timed out. */
  UPSTREAM_ERROR(true),
  /** The state store or the replay guard was down or too slow: nothing was decided. */
  STORE_UNAVAILABLE(true),
  /** The application's {@link TokenSink} failed; the token was revoked. */
  SINK_FAILED(true),
  /** Something else failed on our side: a closed client, or {@link FlowAttributes} that errored. */
  INTERNAL_ERROR(true),
  /** The browser went away before the callback was answered; a granted token was revoked. */
  CANCELLED(false);

  private final boolean ourFailure;
  private final String tag;

  FlowOutcome(boolean ourFailure) {
    this.ourFailure = ourFailure;
    this.tag = name().toLowerCase(Locale.ROOT);
  }

  /**
   * The tag value: the name in lower case, for example {@code replayed_state}.
   *
   * @return the value of the {@value SunshineOAuthRoutes#OUTCOME_KEY} key
   */
  public String tag() {
    return tag;
  }

  /**
   * Whether the flow failed on our side or upstream (logged at WARN, worth an alert when it rises)
   * rather than being refused or left by the browser (logged at INFO).
   *
   * @return {@code true} for {@link #UPSTREAM_ERROR}, {@link #STORE_UNAVAILABLE}, {@link
   *     #SINK_FAILED} and {@link #INTERNAL_ERROR}
   */
  public boolean isOurFailure() {
    return ourFailure;
  }

  /** The outcome of a callback whose state or redirect was refused for {@code reason}. */
  static FlowOutcome of(AuthorizationCallbackException.Reason reason) {
    return switch (reason) {
      case ACCESS_DENIED, AUTHORIZATION_ERROR -> DENIED;
      case REPLAYED_STATE -> REPLAYED_STATE;
      case FOREIGN_STATE -> FOREIGN_STATE;
      case EXPIRED_STATE, UNKNOWN_STATE -> EXPIRED_STATE;
      case MALFORMED_CALLBACK, MISSING_CODE, MISSING_STATE, MALFORMED_STATE, TAMPERED_STATE ->
          MALFORMED;
    };
  }
}
