package io.sunco.oauth.internal;

import io.sunco.oauth.testing.Interleavings;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link AttemptTracker} under Lincheck's model checker: the send path's claim, the deadline's
 * abandon and the readings, run from several threads in every interleaving the checker explores,
 * must match some sequential order of the same calls. So "sent" and "never sent" cannot both be
 * decided for one attempt, whatever the threads.
 */
@Tag(Interleavings.TAG)
public class AttemptTrackerInterleavingTest {

  private final AttemptTracker tracker = new AttemptTracker();

  @Operation
  public boolean claimSending() {
    return tracker.claimSending();
  }

  @Operation
  public boolean abandon() {
    return tracker.abandon();
  }

  @Operation
  public boolean requestStarted() {
    return tracker.requestStarted();
  }

  @Validate
  public void sentAndNeverSentAreNotBothDecided() {
    if (tracker.requestStarted() && tracker.abandon()) {
      throw new IllegalStateException("the attempt was both sent and abandoned");
    }
  }

  @Test
  void claimSendingWhenRacingAbandonInEveryInterleavingThenOneDecisionHolds() {
    Interleavings.check(AttemptTrackerInterleavingTest.class);
  }
}
