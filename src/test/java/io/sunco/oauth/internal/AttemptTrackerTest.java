package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptTrackerTest {

  @Test
  void requestStartedWhenNewThenFalseAndNoStatus() {
    AttemptTracker tracker = new AttemptTracker();

    assertThat(tracker.requestStarted()).isFalse();
    assertThat(tracker.status()).isZero();
  }

  @Test
  void requestStartedWhenMarkedThenTrue() {
    AttemptTracker tracker = new AttemptTracker();

    tracker.markRequestStarted();
    tracker.recordStatus(503);

    assertThat(tracker.requestStarted()).isTrue();
    assertThat(tracker.status()).isEqualTo(503);
  }
}
