package io.sunco.oauth;

import io.sunco.oauth.GrantGuard.Phase;
import io.sunco.oauth.testing.Interleavings;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link GrantGuard}'s state machine under Lincheck's model checker, driven the way flows drive it:
 * the first flow holds the guard's first lease from its creation and ends once; every later flow
 * joins while the exchange is in flight and then ends (its function completed, or it failed or was
 * cancelled, which the guard sees alike); the exchange ends once, with a token or without. Run from
 * several threads in every interleaving the checker explores, the results must match some
 * sequential order, and afterwards: the guard never holds a token nobody leases, a revoked token
 * was revoked exactly once (by the guard or by the one flow told to), and a kept token never.
 */
@Tag(Interleavings.TAG)
public class GrantGuardInterleavingTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token-value-never-logged");

  private final AtomicInteger revokes = new AtomicInteger();
  private final AtomicInteger toldToRevoke = new AtomicInteger();
  private final AtomicBoolean firstEnded = new AtomicBoolean();
  private final AtomicBoolean exchangeEnded = new AtomicBoolean();
  private final GrantGuard guard =
      new GrantGuard(
          token -> {
            revokes.incrementAndGet();
            return Mono.empty();
          },
          new DetachedWork());

  /** The flow that started the exchange (it holds the first lease) ends, its function done. */
  @Operation
  public boolean firstFlowCompletes() {
    return firstEnded.compareAndSet(false, true) && told(guard.leave(true));
  }

  /** The flow that started the exchange fails or is cancelled. */
  @Operation
  public boolean firstFlowFails() {
    return firstEnded.compareAndSet(false, true) && told(guard.leave(false));
  }

  /** A later flow joins and then completes; false when it could not join. */
  @Operation
  public boolean laterFlowCompletes() {
    return guard.tryJoin() && !told(guard.leave(true));
  }

  /** A later flow joins and then fails or is cancelled; false when it could not join. */
  @Operation
  public boolean laterFlowFails() {
    if (!guard.tryJoin()) {
      return false;
    }
    told(guard.leave(false));
    return true;
  }

  @Operation
  public void arrive() {
    if (exchangeEnded.compareAndSet(false, true)) {
      guard.arrive(TOKEN);
    }
  }

  @Operation
  public void noToken() {
    if (exchangeEnded.compareAndSet(false, true)) {
      guard.noToken();
    }
  }

  private boolean told(AccessToken token) {
    if (token == null) {
      return false;
    }
    toldToRevoke.incrementAndGet();
    return true;
  }

  @Validate
  public void nobodyHoldsAnUnleasedTokenAndTheDecisionMatchesTheRevokes() {
    GrantGuard.State state = guard.state();
    int all = revokes.get() + toldToRevoke.get();
    if (state.phase() == Phase.HELD && state.leases() == 0) {
      throw new IllegalStateException("a token held with no lease: " + state);
    }
    if (state.phase() == Phase.REVOKED && all != 1) {
      throw new IllegalStateException("REVOKED, but revoked " + all + " times");
    }
    if (state.phase() != Phase.REVOKED && all != 0) {
      throw new IllegalStateException("revoked " + all + " times in " + state);
    }
    if (!firstEnded.get() && state.leases() == 0) {
      throw new IllegalStateException("the first flow's lease was lost: " + state);
    }
  }

  @Test
  void runWhenFlowsJoinEndAndTheExchangeEndsInEveryInterleavingThenTheTokenIsDecidedOnce() {
    Interleavings.check(GrantGuardInterleavingTest.class);
  }
}
