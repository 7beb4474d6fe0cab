package io.sunco.oauth.internal;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The one home of how the library makes a random generator that does not block once made: a NIST SP
 * 800-90A DRBG (256-bit strength, no reseeding by itself) seeded on the spot, which reads the
 * operating system's entropy source once; make one at start-up, off any event loop. Where no DRBG
 * is available it falls back to the platform {@link SecureRandom}, which may read a device file:
 * {@link #mayBlock()} then says so.
 *
 * @param random the seeded generator
 * @param mayBlock whether {@code random} is the fallback that may block on use
 */
public record SeededRandom(SecureRandom random, boolean mayBlock) {

  private static final int WARM_UP_BYTES = 32;

  /**
   * Checks the generator.
   *
   * @throws NullPointerException if {@code random} is null
   */
  public SeededRandom {
    Objects.requireNonNull(random, "random");
  }

  /**
   * A generator seeded now: a DRBG personalized with {@code personalization}, or the platform
   * {@link SecureRandom} where no DRBG is available. May read the OS entropy source: call at
   * start-up.
   *
   * @param personalization the DRBG's personalization string, ASCII, such as the owning class name
   * @return the seeded generator and whether it may block
   * @throws NullPointerException if {@code personalization} is null
   */
  public static SeededRandom create(String personalization) {
    byte[] bytes = personalization.getBytes(StandardCharsets.US_ASCII);
    SecureRandom random;
    boolean mayBlock = false;
    try {
      random =
          SecureRandom.getInstance(
              "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, bytes));
    } catch (NoSuchAlgorithmException e) {
      random = new SecureRandom();
      mayBlock = true;
    }
    // A DRBG reads its entropy lazily at first use: do that now, at start-up, not later on an
    // event loop.
    random.nextBytes(new byte[WARM_UP_BYTES]);
    return new SeededRandom(random, mayBlock);
  }
}
