package io.sunco.oauth.webflux;

import org.springframework.http.HttpStatus;

/** What a failed request of the routes is answered with: a status and a fixed page. */
enum Failure {
  BAD_CALLBACK(
      HttpStatus.BAD_REQUEST,
      "This authorization link is not valid",
      "The authorization could not be verified: the link is invalid, was already used, has"
          + " expired or was opened in another browser.",
      true),
  DENIED(
      HttpStatus.FORBIDDEN,
      "Access was denied",
      "The Sunshine Conversations app was not connected because access was denied.",
      true),
  OTHER_SESSION(
      HttpStatus.FORBIDDEN,
      "This authorization belongs to another session",
      "The authorization was started by another session. The app was not connected.",
      true),
  UPSTREAM(
      HttpStatus.BAD_GATEWAY,
      "Sunshine Conversations did not complete the authorization",
      "The authorization server refused or failed the request. The app was not connected.",
      true),
  UPSTREAM_TIMEOUT(
      HttpStatus.GATEWAY_TIMEOUT,
      "Sunshine Conversations did not answer in time",
      "The authorization server did not answer in time. The app was not connected.",
      true),
  STORE_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE,
      "The authorization is unavailable right now",
      "The authorization could not be checked right now. The app was not connected. Please try"
          + " again in a moment.",
      true),
  SAVE(
      HttpStatus.INTERNAL_SERVER_ERROR,
      "The connection could not be saved",
      "Access was granted, but the connection could not be saved. The app was not connected.",
      true),
  START(
      HttpStatus.INTERNAL_SERVER_ERROR,
      "The authorization could not be started",
      "Something went wrong on our side. Please try again later.",
      false),
  INTERNAL(
      HttpStatus.INTERNAL_SERVER_ERROR,
      "Something went wrong",
      "Something went wrong on our side. The app was not connected.",
      true);

  final HttpStatus status;
  final String title;
  final String message;
  final boolean offerRestart;

  Failure(HttpStatus status, String title, String message, boolean offerRestart) {
    this.status = status;
    this.title = title;
    this.message = message;
    this.offerRestart = offerRestart;
  }

  /**
   * {@code error} as a {@link Stop} with this failure, unless an earlier step already stopped the
   * flow: its answer stands.
   *
   * @param ourMessage whether {@code error} was made by this library (see {@link Stop})
   */
  Throwable stopping(Throwable error, boolean ourMessage) {
    return error instanceof Stop ? error : new Stop(this, error, ourMessage);
  }

  /**
   * Carries a step's answer to the end of the chain; no stack trace, it is never shown. {@code
   * ourMessage} says whether the cause was made by this library, whose messages may be logged; of a
   * sink's or a store's error only the type is logged.
   */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Failure failure;
    final boolean ourMessage;

    Stop(Failure failure, Throwable cause, boolean ourMessage) {
      super(failure.name(), cause, false, false);
      this.failure = failure;
      this.ourMessage = ourMessage;
    }
  }
}
