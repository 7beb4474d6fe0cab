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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Codes, tokens and authorizations: all in memory, all thread-safe without locks that could park an
 * event-loop thread.
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

  private static final int MAX_CODES = 10_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;
  private final TokenSigner signer;
  private final Clock clock;
  private final Duration codeLifetime;
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final Map<AuthorizationKey, Long> authorizations = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();

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

  String newCode(String clientId, String appId) {
    if (codes.size() > MAX_CODES) {
      // A long-running demo should not grow forever with codes nobody redeemed.
      Instant now = clock.instant();
      codes.values().removeIf(code -> now.isAfter(code.expiresAt()));
    }
    String code = randomToken(24);
    codes.put(code, new Code(clientId, appId, clock.instant().plus(codeLifetime)));
    return code;
  }

  /**
   * Redeems a code once: whatever the outcome, a known code is gone afterwards (also when another
   * client presented it), so a stolen code cannot be tried twice.
   */
  Redemption redeem(String code, String clientId) {
    Code found = codes.remove(code);
    Outcome outcome;
    if (found == null) {
      outcome = Outcome.UNKNOWN;
    } else if (!found.clientId().equals(clientId)) {
      outcome = Outcome.OTHER_CLIENT;
    } else if (clock.instant().isAfter(found.expiresAt())) {
      outcome = Outcome.EXPIRED;
    } else {
      return new Redemption(Outcome.OK, Optional.of(found));
    }
    return new Redemption(outcome, Optional.empty());
  }

  /** Authorizes (if not yet) and issues a new token for that authorization. */
  String issueToken(String clientId, String appId) {
    AuthorizationKey key = new AuthorizationKey(clientId, appId);
    long generation = authorizations.computeIfAbsent(key, k -> generations.incrementAndGet());
    String token = signer.sign(appId, clock.instant().getEpochSecond(), randomToken(16));
    tokens.put(token, new Grant(clientId, appId, generation));
    return token;
  }

  /** The grant behind a token that is still authorized. */
  Optional<Grant> lookup(String token) {
    Grant grant = tokens.get(token);
    if (grant == null || !signer.verify(token)) {
      return Optional.empty();
    }
    Long current = authorizations.get(grant.key());
    return current != null && current == grant.generation() ? Optional.of(grant) : Optional.empty();
  }

  /** Ends the authorization behind {@code grant}: every token of it answers 401 from now on. */
  boolean revoke(Grant grant) {
    return authorizations.remove(grant.key(), grant.generation());
  }

  /**
   * Ends {@code clientId}'s access to {@code appId}, if it has any: every token of it answers 401
   * from now on.
   */
  boolean revoke(String clientId, String appId) {
    return authorizations.remove(new AuthorizationKey(clientId, appId)) != null;
  }

  /** Ends {@code clientId}'s access to every app; the apps it had access to. */
  List<String> revokeAll(String clientId) {
    List<String> apps = new ArrayList<>();
    for (AuthorizationKey key : List.copyOf(authorizations.keySet())) {
      if (key.clientId().equals(clientId) && authorizations.remove(key) != null) {
        apps.add(key.appId());
      }
    }
    return apps;
  }

  /** Whether {@code value} is a code or an access token this emulator issued (and still knows). */
  boolean isIssued(String value) {
    return codes.containsKey(value) || tokens.containsKey(value);
  }

  /** Forgets every code, token and authorization; the signing key stays. */
  void clear() {
    codes.clear();
    tokens.clear();
    authorizations.clear();
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
