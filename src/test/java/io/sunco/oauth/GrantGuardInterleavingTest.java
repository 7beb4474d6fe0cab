package io.sunco.oauth;

import io.sunco.oauth.GrantGuard.Phase;
import io.sunco.oauth.testing.Interleavings;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link GrantGuard}'s state machine under Lincheck's model checker: joins, the token's arrival,
 * the exchange's failure and the flows' endings (completed or not), run from several threads in
 * every interleaving the checker explores, must match some sequential order of the same calls; and
 * afterwards the token was revoked at most once, never once kept, and only by the one call that was
 * told to.
 */
public class GrantGuardInterleavingTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token-value-never-logged");

  private final AtomicInteger revokes = new AtomicInteger();
  private final AtomicInteger toldToRevoke = new AtomicInteger();
  private final GrantGuard guard =
      new GrantGuard(
          token -> {
            revokes.incrementAndGet();
            return Mono.empty();
          },
          new DetachedWork());

  @Operation
  public boolean tryJoin() {
    return guard.tryJoin();
  }

  @Operation
  public void arrive() {
    guard.arrive(TOKEN);
  }

  @Operation
  public void noToken() {
    guard.noToken();
  }

  @Operation
  public boolean leaveCompleted() {
    return told(guard.leave(true));
  }

  @Operation
  public boolean leaveFailed() {
    return told(guard.leave(false));
  }

  @Operation
  public Phase phase() {
    return guard.state().phase();
  }

  private boolean told(AccessToken token) {
    if (token == null) {
      return false;
    }
    toldToRevoke.incrementAndGet();
    return true;
  }

  @Validate
  public void revokedAtMostOnceAndNeverAKeptToken() {
    GrantGuard.State state = guard.state();
    int all = revokes.get() + toldToRevoke.get();
    if (all > 1) {
      throw new IllegalStateException("revoked " + all + " times");
    }
    if (all == 1 && state.phase() != Phase.REVOKED) {
      throw new IllegalStateException("revoked in " + state);
    }
    if (state.phase() == Phase.REVOKED && all == 0) {
      throw new IllegalStateException("REVOKED, but nobody revoked");
    }
    if (state.leases() < 0) {
      throw new IllegalStateException("negative leases in " + state);
    }
  }

  @Test
  void runWhenJoinsArrivalAndEndingsRaceInEveryInterleavingThenTheTokenIsDecidedOnce() {
    Interleavings.check(GrantGuardInterleavingTest.class);
  }
}
