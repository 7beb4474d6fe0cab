package io.sunco.oauth.callback;

import java.util.Objects;

/**
 * The authorization redirect cannot be accepted: it is malformed, its {@code state} does not prove
 * that this browser started this flow, or it carries no code. {@link #reason()} says which; the
 * message is a fixed text per reason and never contains a code, a state, a nonce or a key. The only
 * subtype, {@link AuthorizationDeniedException}, reports an {@code error} redirect (the customer
 * refused, or the server failed). In every case the caller should restart the authorization rather
 * than retry.
 */
public sealed class AuthorizationCallbackException extends RuntimeException
    permits AuthorizationDeniedException {

  /** Why a callback was rejected. */
  public enum Reason {
    /**
     * The query cannot be parsed: bad percent-encoding or UTF-8, a repeated parameter, both {@code
     * code} and {@code error}, or longer than {@link CallbackResponse#MAX_QUERY_LENGTH}.
     */
    MALFORMED_CALLBACK("The authorization callback query is malformed"),
    /** The redirect carries neither a {@code code} nor an {@code error}. */
    MISSING_CODE("The authorization callback carries neither a code nor an error"),
    /** The redirect carries no (or an empty) {@code state}. */
    MISSING_STATE("The authorization callback carries no state"),
    /** A signed state that cannot be decoded (wrong shape, encoding, length or version). */
    MALFORMED_STATE("The authorization state is not in the expected format"),
    /** A signed state whose signature does not verify: altered, or signed with another key. */
    TAMPERED_STATE("The authorization state signature does not verify"),
    /** The store does not know the state: never issued here, or already forgotten. */
    UNKNOWN_STATE("The authorization state is unknown"),
    /** The state was issued here, but its lifetime has ended. */
    EXPIRED_STATE("The authorization state has expired"),
    /** The state was already used by an earlier callback. */
    REPLAYED_STATE("The authorization state was already used"),
    /** The state was issued to another browser (its binding or nonce does not match). */
    FOREIGN_STATE("The authorization state was issued to a different browser"),
    /** The redirect carries {@code error=access_denied}: the customer refused. */
    ACCESS_DENIED("The customer denied the authorization"),
    /** The redirect carries an {@code error} other than {@code access_denied}. */
    AUTHORIZATION_ERROR("The authorization server reported an error");

    private final String message;

    Reason(String message) {
      this.message = message;
    }

    /**
     * The fixed, secret-free text used as the exception message for this reason.
     *
     * @return the message, for example {@code "The authorization state has expired"}
     */
    public String message() {
      return message;
    }
  }

  /** Why the callback was rejected; never {@code null}. */
  private final Reason reason;

  AuthorizationCallbackException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Makes the exception for a rejected callback, for use by custom {@link
   * PendingAuthorizationStore} implementations (typically {@link Reason#EXPIRED_STATE} or {@link
   * Reason#REPLAYED_STATE}).
   *
   * @param reason why the callback is rejected
   * @return a new exception whose message is {@link Reason#message() reason.message()}
   * @throws NullPointerException when {@code reason} is null
   * @throws IllegalArgumentException for {@link Reason#ACCESS_DENIED} and {@link
   *     Reason#AUTHORIZATION_ERROR}, which only a parsed {@code error} redirect produces
   */
  public static AuthorizationCallbackException of(Reason reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason == Reason.ACCESS_DENIED || reason == Reason.AUTHORIZATION_ERROR) {
      throw new IllegalArgumentException(
          "Denials are reported as AuthorizationDeniedException, made from a parsed callback");
    }
    return new AuthorizationCallbackException(reason, reason.message());
  }

  /**
   * Why the callback was rejected.
   *
   * @return the reason, never {@code null}
   */
  public Reason reason() {
    return reason;
  }
}
