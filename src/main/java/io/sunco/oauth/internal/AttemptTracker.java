package io.sunco.oauth.internal;

/**
 * What one attempt has done so far, shared between the attempt's pipeline and the Reactor Netty
 * request callback through the subscriber context. Written on an event loop, read on any thread.
 */
public final class AttemptTracker {

  private volatile boolean requestStarted;
  private volatile int status;

  /** Makes the tracker of a new attempt: nothing sent, no answer yet. */
  public AttemptTracker() {}

  /** Called when Reactor Netty is about to write the request on a connection. */
  void markRequestStarted() {
    requestStarted = true;
  }

  /**
   * Records the HTTP status of the answer, for observations.
   *
   * @param status the status
   */
  public void recordStatus(int status) {
    this.status = status;
  }

  /**
   * The HTTP status of the answer, once it arrived.
   *
   * @return the status, or 0 before an answer
   */
  public int status() {
    return status;
  }

  /**
   * Whether the request may have started to go out. When {@code false}, the request provably never
   * reached the server.
   *
   * @return {@code true} once Reactor Netty began sending the request
   */
  public boolean requestStarted() {
    return requestStarted;
  }
}
