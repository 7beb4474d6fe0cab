package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one atomic decision of an attempt: sent, or abandoned unsent. */
class AttemptTrackerTest {

  @Test
  void requestStartedWhenNewThenFalseAndNoStatus() {
    AttemptTracker tracker = new AttemptTracker();

    assertThat(tracker.requestStarted()).isFalse();
    assertThat(tracker.status()).isZero();
  }

  @Test
  void claimSendingWhenNewThenClaimedAndDeadlineReportsMayHaveBeenSent() {
    AttemptTracker tracker = new AttemptTracker();

    assertThat(tracker.claimSending()).isTrue();
    tracker.recordStatus(503);

    assertThat(tracker.requestStarted()).isTrue();
    assertThat(tracker.abandon()).isFalse();
    assertThat(tracker.requestStarted()).isTrue();
    assertThat(tracker.status()).isEqualTo(503);
  }

  @Test
  void claimSendingWhenAbandonedThenRefusedAndStaysUnsent() {
    AttemptTracker tracker = new AttemptTracker();

    assertThat(tracker.abandon()).isTrue();

    assertThat(tracker.claimSending()).isFalse();
    assertThat(tracker.requestStarted()).isFalse();
  }

  @Test
  void claimsWhenRepeatedThenSameAnswer() {
    AttemptTracker sent = new AttemptTracker();
    assertThat(sent.claimSending()).isTrue();
    assertThat(sent.claimSending()).isTrue();
    assertThat(sent.abandon()).isFalse();
    assertThat(sent.abandon()).isFalse();

    AttemptTracker abandoned = new AttemptTracker();
    assertThat(abandoned.abandon()).isTrue();
    assertThat(abandoned.abandon()).isTrue();
    assertThat(abandoned.claimSending()).isFalse();
  }

  @Test
  void claimsWhenRacingOnTwoThreadsThenExactlyOneWins() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2000; round++) {
        AttemptTracker tracker = new AttemptTracker();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> sent =
            threads.submit(
                () -> {
                  start.await();
                  return tracker.claimSending();
                });
        Future<Boolean> abandoned =
            threads.submit(
                () -> {
                  start.await();
                  return tracker.abandon();
                });
        boolean sendWon = sent.get(5, TimeUnit.SECONDS);
        boolean abandonWon = abandoned.get(5, TimeUnit.SECONDS);

        assertThat(sendWon).as("round %d", round).isNotEqualTo(abandonWon);
        assertThat(tracker.requestStarted()).isEqualTo(sendWon);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
