package io.sunco.oauth.callback;

import io.sunco.oauth.internal.SeededRandom;
import java.security.SecureRandom;
import java.util.Base64;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes unguessable values for the OAuth {@code state} parameter and for browser nonces: {@value
 * #STATE_BYTES} random bytes (256 bits) as URL-safe base64 without padding, 43 characters from
 * {@code [A-Za-z0-9_-]}. Thread-safe; make one at start-up and share it.
 *
 * <p>{@link #create()} takes a NIST SP 800-90A DRBG (Hash_DRBG, SHA-256, 256-bit strength) and
 * seeds it on the spot, which reads the operating system's entropy source once: call it during
 * start-up, not on an event loop. After that, {@link #next()} is pure computation (the DRBG never
 * reseeds by itself) and safe on any thread, Reactor's non-blocking ones included. Where no DRBG is
 * available, it falls back to the platform {@link SecureRandom}, which may read a device file, and
 * {@link #generate()} then runs on {@link Schedulers#boundedElastic()}.
 */
public final class StateGenerator {

  /** Random bytes per value: {@value} (256 bits). */
  public static final int STATE_BYTES = 32;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final String PERSONALIZATION = "io.sunco.oauth.callback.StateGenerator";

  private final SecureRandom random;
  private final boolean mayBlock;

  StateGenerator(SecureRandom random, boolean mayBlock) {
    this.random = random;
    this.mayBlock = mayBlock;
  }

  /**
   * A generator backed by a freshly seeded DRBG. Seeding may read the OS entropy source: call this
   * at start-up, off any event loop.
   *
   * @return a new generator, seeded and ready
   */
  public static StateGenerator create() {
    SeededRandom seeded = SeededRandom.create(PERSONALIZATION);
    return new StateGenerator(seeded.random(), seeded.mayBlock());
  }

  /**
   * A new value: 43 URL-safe base64 characters carrying 256 random bits. Does not block when this
   * generator is DRBG-backed (the default); prefer {@link #generate()} in reactive code.
   *
   * @return a new value
   */
  public String next() {
    return ENCODER.encodeToString(nextBytes(STATE_BYTES));
  }

  /**
   * Emits a new value as {@link #next()} does; never completes empty. Runs on the subscribing
   * thread, or on {@link Schedulers#boundedElastic()} when the generator fell back to a source that
   * may block.
   *
   * @return a {@code Mono} that emits one new value on each subscription
   */
  public Mono<String> generate() {
    Mono<String> value = Mono.fromCallable(this::next);
    return mayBlock ? value.subscribeOn(Schedulers.boundedElastic()) : value;
  }

  byte[] nextBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Names the algorithm only. */
  @Override
  public String toString() {
    return "StateGenerator[" + random.getAlgorithm() + "]";
  }
}
