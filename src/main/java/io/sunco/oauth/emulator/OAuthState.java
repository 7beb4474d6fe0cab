package io.sunco.oauth.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Codes, tokens and authorizations: all in memory, all thread-safe without locks that could park an
 * event-loop thread.
 *
 * <p>Memory stays bounded in a long-running emulator: a redeemed code leaves at once, an expired
 * one within a few calls, and the tokens of a revoked authorization leave with it. Expired codes
 * are found through a queue in issue order (with one code lifetime for all, that is expiry order):
 * each call that touches codes adds {@value #PRUNE_PER_CALL} to a pruning budget, and the one call
 * pruning at a time spends it on the oldest entries, so no call scans the map and the work stays
 * proportional to the calls. Codes and tokens are signed, so that a forgotten one is still
 * recognised (as expired, or as a secret in a URL) without being stored.
 */
final class OAuthState {

  /** What an authorization code stands for. */
  record Code(String clientId, String appId, Instant expiresAt) {}

  /** What an access token stands for: an authorization in a given generation. */
  record Grant(String clientId, String appId, long generation) {

    AuthorizationKey key() {
      return new AuthorizationKey(clientId, appId);
    }
  }

  /** One integration's access to one app. */
  record AuthorizationKey(String clientId, String appId) {}

  /** The outcome of redeeming a code. */
  enum Outcome {
    OK,
    UNKNOWN,
    OTHER_CLIENT,
    EXPIRED
  }

  /** An outcome, with the code's meaning when it was {@link Outcome#OK}. */
  record Redemption(Outcome outcome, Optional<Code> code) {}

  /** How many of the oldest queued codes a call looks at, at most: more than one call adds. */
  static final int PRUNE_PER_CALL = 2;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;
  private final TokenSigner signer;
  private final Clock clock;
  private final Duration codeLifetime;
  private final Map<String, Code> codes = new ConcurrentHashMap<>();

  /**
   * Every code still in {@link #codes}, oldest first, and the redeemed ones that the pruning has
   * not reached yet (those behind the oldest live code stay until it expires).
   */
  private final Queue<Queued> codeQueue = new ConcurrentLinkedQueue<>();

  /** {@code codeQueue}'s size: {@link ConcurrentLinkedQueue#size()} walks the queue. */
  private final AtomicInteger queued = new AtomicInteger();

  /** Held by the one call that prunes. */
  private final AtomicBoolean pruning = new AtomicBoolean();

  /** Queue entries the pruning may still look at: each call adds, the pruning call spends. */
  private final AtomicInteger pruneBudget = new AtomicInteger();

  /** Queue entries the pruning has looked at since start-up: the cost the tests bound. */
  private final AtomicLong examined = new AtomicLong();

  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final Map<AuthorizationKey, Authorization> authorizations = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();

  /** A code in the expiry queue. */
  private record Queued(String code, Instant expiresAt) {}

  /** One generation of an authorization, and the tokens issued for it (to forget them with it). */
  private static final class Authorization {
    final long generation;
    final Set<String> tokens = ConcurrentHashMap.newKeySet();

    Authorization(long generation) {
      this.generation = generation;
    }
  }

  /** Runs at start-up, off the event loop: seeding a {@link SecureRandom} may block. */
  OAuthState(Clock clock, Duration codeLifetime) {
    this.clock = clock;
    this.codeLifetime = codeLifetime;
    this.random = newSeededRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.signer = new TokenSigner(key);
  }

  // A DRBG instantiated here (the only step that reads the system's entropy source) and never
  // reseeded afterwards (no prediction resistance, reseed interval far beyond a test's needs),
  // so nextBytes on an event loop only hashes in memory. Falls back to the platform default.
  private static SecureRandom newSeededRandom() {
    SecureRandom random;
    try {
      random = SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      random = new SecureRandom();
    }
    random.nextBytes(new byte[32]);
    return random;
  }

  /**
   * A new code: random, with its expiry, sealed by the signer, so that {@link #redeem} tells an
   * expired code from an unknown one also after the pruning forgot it.
   */
  String newCode(String clientId, String appId) {
    pruneCodes();
    Instant expiresAt = clock.instant().plus(codeLifetime);
    String code = signer.seal(randomToken(18) + "." + expiresAt.toEpochMilli());
    codes.put(code, new Code(clientId, appId, expiresAt));
    codeQueue.add(new Queued(code, expiresAt));
    queued.incrementAndGet();
    return code;
  }

  /**
   * Drops the oldest queued codes that are spent or expired, as far as the budget goes; stops at
   * the first that is neither (and voids the budget: nothing is due until it expires). Every call
   * adds {@value #PRUNE_PER_CALL} to the budget; one call prunes at a time, and a call that finds
   * another at it leaves its share to that one, which takes it before it lets go. So the entries
   * looked at never exceed {@value #PRUNE_PER_CALL} per call, and none is skipped for good.
   */
  private void pruneCodes() {
    pruneBudget.addAndGet(PRUNE_PER_CALL);
    // Rechecked after letting go: a share added just before that is not left behind.
    while (pruneBudget.get() > 0 && pruning.compareAndSet(false, true)) {
      try {
        Instant now = clock.instant();
        while (pruneBudget.getAndUpdate(left -> Math.max(left - 1, 0)) > 0) {
          Queued oldest = codeQueue.peek();
          if (oldest == null) {
            pruneBudget.set(0);
            break;
          }
          examined.incrementAndGet();
          boolean spent = !codes.containsKey(oldest.code());
          if (!spent && !now.isAfter(oldest.expiresAt())) {
            pruneBudget.set(0);
            break;
          }
          // That entry, not whatever is oldest now: clear() may have run since peek().
          if (codeQueue.remove(oldest)) {
            queued.decrementAndGet();
          }
          if (!spent) {
            codes.remove(oldest.code());
          }
        }
      } finally {
        pruning.set(false);
      }
    }
  }

  /**
   * Redeems a code once: whatever the outcome, a known code is gone afterwards (also when another
   * client presented it), so a stolen code cannot be tried twice. An expired code is {@link
   * Outcome#EXPIRED} whether or not the pruning already forgot it: its seal carries the expiry.
   */
  Redemption redeem(String code, String clientId) {
    Code found = codes.remove(code);
    pruneCodes();
    Outcome outcome;
    if (found == null) {
      outcome = expiredSeal(code) ? Outcome.EXPIRED : Outcome.UNKNOWN;
    } else if (!found.clientId().equals(clientId)) {
      outcome = Outcome.OTHER_CLIENT;
    } else if (clock.instant().isAfter(found.expiresAt())) {
      outcome = Outcome.EXPIRED;
    } else {
      return new Redemption(Outcome.OK, Optional.of(found));
    }
    return new Redemption(outcome, Optional.empty());
  }

  /** Whether {@code code} is one of this emulator's codes (its seal holds) and has expired. */
  private boolean expiredSeal(String code) {
    if (!signer.verify(code)) {
      return false;
    }
    String body = code.substring(0, code.lastIndexOf('.'));
    try {
      long expiresAt = Long.parseLong(body.substring(body.lastIndexOf('.') + 1));
      return clock.instant().toEpochMilli() > expiresAt;
    } catch (NumberFormatException notACode) {
      return false; // a token of this signer, not a code
    }
  }

  /** Authorizes (if not yet) and issues a new token for that authorization. */
  String issueToken(String clientId, String appId) {
    AuthorizationKey key = new AuthorizationKey(clientId, appId);
    Authorization authorization =
        authorizations.computeIfAbsent(key, k -> new Authorization(generations.incrementAndGet()));
    String token = signer.sign(appId, clock.instant().getEpochSecond(), randomToken(16));
    tokens.put(token, new Grant(clientId, appId, authorization.generation));
    authorization.tokens.add(token);
    if (authorizations.get(key) != authorization) {
      // Revoked meanwhile, perhaps after its tokens were forgotten: the token is dead, forget it.
      tokens.remove(token);
    }
    return token;
  }

  /** The grant behind a token that is still authorized. */
  Optional<Grant> lookup(String token) {
    Grant grant = tokens.get(token);
    if (grant == null || !signer.verify(token)) {
      return Optional.empty();
    }
    Authorization current = authorizations.get(grant.key());
    return current != null && current.generation == grant.generation()
        ? Optional.of(grant)
        : Optional.empty();
  }

  /** Ends the authorization behind {@code grant}: every token of it answers 401 from now on. */
  boolean revoke(Grant grant) {
    Authorization current = authorizations.get(grant.key());
    if (current == null
        || current.generation != grant.generation()
        || !authorizations.remove(grant.key(), current)) {
      return false;
    }
    forget(current);
    return true;
  }

  /**
   * Ends {@code clientId}'s access to {@code appId}, if it has any: every token of it answers 401
   * from now on.
   */
  boolean revoke(String clientId, String appId) {
    Authorization removed = authorizations.remove(new AuthorizationKey(clientId, appId));
    if (removed == null) {
      return false;
    }
    forget(removed);
    return true;
  }

  /** Ends {@code clientId}'s access to every app; the apps it had access to. */
  List<String> revokeAll(String clientId) {
    List<String> apps = new ArrayList<>();
    for (AuthorizationKey key : List.copyOf(authorizations.keySet())) {
      if (key.clientId().equals(clientId)) {
        Authorization removed = authorizations.remove(key);
        if (removed != null) {
          forget(removed);
          apps.add(key.appId());
        }
      }
    }
    return apps;
  }

  /** Forgets the tokens of an authorization that has just ended: each token is forgotten once. */
  private void forget(Authorization ended) {
    for (String token : ended.tokens) {
      tokens.remove(token);
    }
  }

  /**
   * Whether {@code value} is a code or an access token this emulator issued, also one redeemed,
   * expired, revoked or cleared since: recognised by its signature, nothing is stored for it.
   */
  boolean isIssued(String value) {
    return signer.verify(value);
  }

  /** Forgets every code, token and authorization; the signing key stays. */
  void clear() {
    codes.clear();
    // Entry by entry, so that the count follows what leaves (a pruning call may be removing some).
    for (Queued entry; (entry = codeQueue.poll()) != null; ) {
      queued.decrementAndGet();
    }
    tokens.clear();
    authorizations.clear();
  }

  /** How many codes are known: issued, not redeemed, and not yet pruned after expiry. */
  int codeCount() {
    return codes.size();
  }

  /** How many codes the expiry queue holds: those known, and spent ones not yet reached. */
  int queuedCodeCount() {
    return queued.get();
  }

  /** How many queue entries the pruning has looked at since start-up. */
  long prunedEntriesExamined() {
    return examined.get();
  }

  /** How many tokens are known: those of live authorizations. */
  int tokenCount() {
    return tokens.size();
  }

  byte[] signingKey() {
    return signer.key();
  }

  private String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return B64.encodeToString(buffer);
  }
}
