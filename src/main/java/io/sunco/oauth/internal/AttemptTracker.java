package io.sunco.oauth.internal;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * What one attempt has done so far, above all whether its request went out. That is decided once,
 * by one atomic state that two parties race for: the send path on the event loop claims {@link
 * #claimSending() sending} before it writes the first byte, and whoever ends the attempt without an
 * answer (a deadline on a timer thread, a transport error) claims {@link #abandon() abandoned}.
 * Whichever comes first wins: a request that lost to the deadline is never written, and a deadline
 * that lost to the send path reports that the request may have been processed. So what an error
 * says and what reached the server cannot disagree.
 */
public final class AttemptTracker {

  /** Nothing sent yet, and the attempt is still on. */
  private static final int NEW = 0;

  /** The send path claimed the attempt: the request may have reached the server. */
  private static final int SENDING = 1;

  /** The attempt ended before the send path claimed it: the request never goes out. */
  private static final int ABANDONED = 2;

  private static final AtomicIntegerFieldUpdater<AttemptTracker> STATE =
      AtomicIntegerFieldUpdater.newUpdater(AttemptTracker.class, "state");

  private volatile int state;
  private volatile int status;

  /** Makes the tracker of a new attempt: nothing sent, no answer yet. */
  public AttemptTracker() {}

  /**
   * Claims the attempt for sending; called on the event loop before the first byte of the request
   * is written. When it returns {@code false} the attempt was abandoned first and nothing may be
   * written.
   *
   * @return {@code true} when the request may be written (also when it was claimed before)
   */
  boolean claimSending() {
    return STATE.compareAndSet(this, NEW, SENDING) || state == SENDING;
  }

  /**
   * Ends the attempt without an answer, unless its request already started to go out. Called by a
   * deadline or an error path; afterwards the send path can no longer claim it. An exchange whose
   * send is refused this way never signals ({@link HttpTransport#exchange}): whoever abandons an
   * attempt must also cancel its subscription, as the deadlines and the cancel path do.
   *
   * @return {@code true} when the request provably never reached the server (and now never will);
   *     {@code false} when it may have
   */
  public boolean abandon() {
    return STATE.compareAndSet(this, NEW, ABANDONED) || state == ABANDONED;
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
   * Whether the send path has claimed the attempt, so that the request may have started to go out.
   * A reading only: a decision that must hold against the send path goes through {@link
   * #abandon()}.
   *
   * @return {@code true} once the send path claimed the attempt
   */
  public boolean requestStarted() {
    return state == SENDING;
  }
}
