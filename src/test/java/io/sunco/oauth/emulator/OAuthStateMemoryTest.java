package io.sunco.oauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The emulator's memory stays bounded in a long run: spent and expired codes and the tokens of
 * revoked authorizations leave its maps, and the pruning looks at a bounded number of entries per
 * call however many codes there are (it used to scan every code on every call past 10,000:
 * quadratic). Counted, not timed.
 */
class OAuthStateMemoryTest {

  private static final int CODES = 100_000;

  @Nested
  class Codes {

    @Test
    void newCodeWhenHundredThousandLiveCodesThenThePruningLooksAtMostAtTwoEntriesPerCall() {
      OAuthState state = new OAuthState(MutableClock.atEpochDay(), Duration.ofMinutes(10));
      List<String> issued = new ArrayList<>(CODES);
      for (int i = 0; i < CODES; i++) {
        issued.add(state.newCode("client", "app"));
      }
      // The old full scan past 10,000 codes looked at every code on every call: 9 x 10^9 here.
      // Nothing expired: one look at the oldest per call, and it stops there.
      assertThat(state.prunedEntriesExamined()).isLessThanOrEqualTo(CODES);
      assertThat(state.codeCount()).isEqualTo(CODES);
      assertThat(state.queuedCodeCount()).isEqualTo(CODES);

      // Redeemed: each leaves the map at once, and the queue follows behind.
      for (String code : issued) {
        assertThat(state.redeem(code, "client").outcome()).isEqualTo(OAuthState.Outcome.OK);
      }
      assertThat(state.prunedEntriesExamined())
          .isLessThanOrEqualTo(2L * CODES * OAuthState.PRUNE_PER_CALL);
      assertThat(state.codeCount()).isZero();
      assertThat(state.queuedCodeCount()).isLessThanOrEqualTo(OAuthState.PRUNE_PER_CALL);
    }

    @Test
    void newCodeWhenCodesExpireThenTheyLeaveTheMapsWithinACallOrTwo() {
      MutableClock clock = MutableClock.atEpochDay();
      Duration lifetime = Duration.ofSeconds(1);
      OAuthState state = new OAuthState(clock, lifetime);
      int live = (int) lifetime.toMillis(); // one code a millisecond: about this many are live
      int mostKnown = 0;
      int mostQueued = 0;
      for (int i = 0; i < CODES; i++) {
        state.newCode("client", "app");
        clock.advance(Duration.ofMillis(1));
        mostKnown = Math.max(mostKnown, state.codeCount());
        mostQueued = Math.max(mostQueued, state.queuedCodeCount());
      }
      assertThat(mostKnown).isBetween(live, live + OAuthState.PRUNE_PER_CALL);
      assertThat(mostQueued).isEqualTo(mostKnown);
      assertThat(state.prunedEntriesExamined())
          .isLessThanOrEqualTo((long) CODES * OAuthState.PRUNE_PER_CALL);
    }

    /** The clock of {@link #shortLived}, which the tests move. */
    private final MutableClock clock = MutableClock.atEpochDay();

    /** A state whose codes live 1 s. */
    private final OAuthState shortLived = new OAuthState(clock, Duration.ofSeconds(1));

    /** Issues a code of {@link #shortLived} and lets it expire. */
    private String expiredCode() {
      String code = shortLived.newCode("client", "app");
      clock.advance(Duration.ofSeconds(2));
      return code;
    }

    @Test
    void redeemWhenExpiredButNotYetPrunedThenExpired() {
      String code = expiredCode();

      // Told apart from a code never issued, and gone afterwards, queue entry included.
      assertThat(shortLived.redeem(code, "client").outcome()).isEqualTo(OAuthState.Outcome.EXPIRED);
      assertThat(shortLived.codeCount()).isZero();
      assertThat(shortLived.queuedCodeCount()).isZero();
    }

    @Test
    void redeemWhenExpiredAndAlreadyPrunedThenStillExpired() {
      String code = expiredCode();
      shortLived.newCode("client", "app"); // prunes the expired one
      assertThat(shortLived.codeCount()).isEqualTo(1);

      // A concurrent pruning used to turn this into UNKNOWN: the seal carries the expiry.
      assertThat(shortLived.redeem(code, "client").outcome()).isEqualTo(OAuthState.Outcome.EXPIRED);
      assertThat(shortLived.redeem("never-issued", "client").outcome())
          .isEqualTo(OAuthState.Outcome.UNKNOWN);
    }

    @Test
    void clearWhenCodesAreQueuedThenTheCountFollowsAndPruningGoesOn() {
      for (int i = 0; i < 10; i++) {
        shortLived.newCode("client", "app");
      }
      shortLived.clear();
      assertThat(shortLived.queuedCodeCount()).isZero();

      String code = expiredCode();
      shortLived.newCode("client", "app");
      assertThat(shortLived.codeCount()).isEqualTo(1);
      assertThat(shortLived.isIssued(code)).as("a forgotten code is still recognised").isTrue();
    }
  }

  @Nested
  class Tokens {

    private final OAuthState state =
        new OAuthState(MutableClock.atEpochDay(), Duration.ofMinutes(10));

    @Test
    void revokeWhenAnAuthorizationEndsThenItsTokensLeaveTheMapAndOthersStay() {
      List<String> first = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        first.add(state.issueToken("client", "app-1"));
      }
      String other = state.issueToken("client", "app-2");

      OAuthState.Grant grant = state.lookup(first.get(0)).orElseThrow();
      assertThat(state.revoke(grant)).isTrue();

      assertThat(state.tokenCount()).isEqualTo(1);
      assertThat(state.lookup(first.get(999))).isEmpty();
      assertThat(state.lookup(other)).isPresent();
      // A second revoke of the same grant changes nothing.
      assertThat(state.revoke(grant)).isFalse();
      assertThat(state.revoke("client", "app-2")).isTrue();
      assertThat(state.tokenCount()).isZero();
    }

    @Test
    void revokeAllWhenTheIntegrationIsRemovedThenNoTokenOfItStays() {
      for (int i = 0; i < 100; i++) {
        state.issueToken("client", "app-" + (i % 3));
      }
      String kept = state.issueToken("other-client", "app-0");

      assertThat(state.revokeAll("client")).containsExactlyInAnyOrder("app-0", "app-1", "app-2");

      assertThat(state.tokenCount()).isEqualTo(1);
      assertThat(state.lookup(kept)).isPresent();
    }

    @Test
    void issueTokenWhenAuthorizedAgainAfterARevokeThenOnlyTheNewTokenIsKnownAndWorks() {
      String old = state.issueToken("client", "app");
      assertThat(state.revoke("client", "app")).isTrue();

      String renewed = state.issueToken("client", "app");

      assertThat(state.lookup(old)).isEmpty();
      assertThat(state.lookup(renewed)).isPresent();
      assertThat(state.tokenCount()).isEqualTo(1);
    }
  }
}
