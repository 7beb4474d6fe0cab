package io.sunco.oauth.store;

import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How {@link ConnectedAppStore#checkTokens} checks the stored tokens and how often {@link
 * ConnectedAppStore#checkTokensPeriodically} runs that check. Immutable: every {@code withX}
 * returns a copy; {@link #defaults()} is the starting point.
 *
 * <p>A check sends {@code GET /v2/tokenInfo} once per record, at most {@link #concurrency()} at
 * once (default {@value #DEFAULT_CONCURRENCY}), each after a random pause of up to {@link
 * #jitter()} (default 1 second) taken inside its slot: the calls are spread out, and their rate
 * stays below about {@code concurrency / (jitter / 2 + latency)} a second, so a large store does
 * not burst against the service's rate limits. The pauses run on {@link #scheduler()} ({@link
 * Schedulers#parallel()} unless replaced; tests pass a virtual-time one).
 *
 * <p>With an {@link #withObservationRegistry observation registry}, every token checked is one
 * Micrometer observation named {@value #OBSERVATION_NAME}, with one low-cardinality key, {@value
 * #OUTCOME_KEY}: {@code alive}, {@code dead}, {@code failed}, {@code changed_meanwhile} or {@code
 * cancelled}; never an app id or a token. Under Micrometer's meter handler it is a timer per
 * outcome, whose counts are the checked, dead and failed checks. Micrometer is optional: it is
 * needed only when a registry is set.
 */
public final class TokenCheck {

  /** Records checked at once, by default: {@value}. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** The most records a check may work on at once: {@value}. */
  public static final int MAX_CONCURRENCY = 64;

  /** The longest random pause before each call, by default: 1 second. */
  public static final Duration DEFAULT_JITTER = Duration.ofSeconds(1);

  /** The pause between the end of one scheduled run and the start of the next: 24 hours. */
  public static final Duration DEFAULT_PERIOD = Duration.ofHours(24);

  /** The longest random pause added before each scheduled run, by default: 1 hour. */
  public static final Duration DEFAULT_PERIOD_JITTER = Duration.ofHours(1);

  /** The name of the Micrometer observation of each token checked: {@value}. */
  public static final String OBSERVATION_NAME = "sunco.oauth.store.token.check";

  /** The observation's low-cardinality key that says how the check of one token ended: {@value}. */
  public static final String OUTCOME_KEY = "outcome";

  /** What a check does with a record whose token the service refuses ({@code 401}). */
  public enum WhenRefused {
    /**
     * Keeps the record, with its token, marked {@link ConnectionStatus#TOKEN_REFUSED}, for the
     * application to look at and delete: the default.
     */
    MARK,
    /** Deletes the record (its token is dead: nothing to revoke). */
    DELETE
  }

  private static final TokenCheck DEFAULTS =
      new TokenCheck(
          DEFAULT_CONCURRENCY,
          DEFAULT_JITTER,
          WhenRefused.MARK,
          null,
          DEFAULT_PERIOD,
          DEFAULT_PERIOD_JITTER,
          TokenCheck::threadLocalRandom,
          CheckObserver.NOOP);

  private final int concurrency;
  private final Duration jitter;
  private final WhenRefused whenRefused;
  private final @Nullable Scheduler scheduler;
  private final Duration period;
  private final Duration periodJitter;
  private final DoubleSupplier random;
  private final CheckObserver observer;

  private TokenCheck(
      int concurrency,
      Duration jitter,
      WhenRefused whenRefused,
      @Nullable Scheduler scheduler,
      Duration period,
      Duration periodJitter,
      DoubleSupplier random,
      CheckObserver observer) {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be 1 to " + MAX_CONCURRENCY + ": " + concurrency);
    }
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    this.concurrency = concurrency;
    this.jitter = notNegative(jitter, "jitter");
    this.whenRefused = Objects.requireNonNull(whenRefused, "whenRefused");
    this.scheduler = scheduler;
    this.period = period;
    this.periodJitter = notNegative(periodJitter, "periodJitter");
    this.random = Objects.requireNonNull(random, "random");
    this.observer = observer;
  }

  private static double threadLocalRandom() {
    return ThreadLocalRandom.current().nextDouble();
  }

  /**
   * The defaults: {@value #DEFAULT_CONCURRENCY} at once, pauses of up to 1 second, refused tokens
   * marked, every 24 hours plus up to 1 hour, on {@link Schedulers#parallel()}, no metrics.
   *
   * @return the default settings
   */
  public static TokenCheck defaults() {
    return DEFAULTS;
  }

  /**
   * A copy checking up to {@code concurrency} records at once.
   *
   * @param concurrency 1 to {@value #MAX_CONCURRENCY}
   * @return the copy
   * @throws IllegalArgumentException when out of that range
   */
  public TokenCheck withConcurrency(int concurrency) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy pausing up to {@code jitter} (a uniform draw) before each call; zero sends at once.
   *
   * @param jitter zero or positive
   * @return the copy
   * @throws NullPointerException when {@code jitter} is null
   * @throws IllegalArgumentException when it is negative
   */
  public TokenCheck withJitter(Duration jitter) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy that treats records whose token the service refuses as {@code whenRefused} says.
   *
   * @param whenRefused mark (the default) or delete
   * @return the copy
   * @throws NullPointerException when {@code whenRefused} is null
   */
  public TokenCheck withWhenRefused(WhenRefused whenRefused) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy whose pauses (before each call, between scheduled runs) run on {@code scheduler}.
   *
   * @param scheduler the scheduler, for example a {@code VirtualTimeScheduler} in tests
   * @return the copy
   * @throws NullPointerException when {@code scheduler} is null
   */
  public TokenCheck withScheduler(Scheduler scheduler) {
    return new TokenCheck(
        concurrency,
        jitter,
        whenRefused,
        Objects.requireNonNull(scheduler, "scheduler"),
        period,
        periodJitter,
        random,
        observer);
  }

  /**
   * A copy whose scheduled runs start {@code period} (plus the period jitter) after the previous
   * run ended.
   *
   * @param period positive
   * @return the copy
   * @throws NullPointerException when {@code period} is null
   * @throws IllegalArgumentException when it is zero or negative
   */
  public TokenCheck withPeriod(Duration period) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy adding a random pause of up to {@code periodJitter} before each scheduled run, the first
   * included, so that instances started together do not check together.
   *
   * @param periodJitter zero or positive
   * @return the copy
   * @throws NullPointerException when {@code periodJitter} is null
   * @throws IllegalArgumentException when it is negative
   */
  public TokenCheck withPeriodJitter(Duration periodJitter) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy drawing its pauses from the given source instead of {@link ThreadLocalRandom}; meant for
   * tests that need exact pauses.
   *
   * @param random a source of numbers in {@code [0, 1)}, called from any thread
   * @return the copy
   * @throws NullPointerException when {@code random} is null
   */
  public TokenCheck withRandom(DoubleSupplier random) {
    return new TokenCheck(
        concurrency, jitter, whenRefused, scheduler, period, periodJitter, random, observer);
  }

  /**
   * A copy recording one observation per token checked in {@code registry} (see the class
   * description). Needs {@code io.micrometer:micrometer-observation} on the class path.
   *
   * @param registry where the observations go
   * @return the copy
   * @throws NullPointerException when {@code registry} is null
   */
  public TokenCheck withObservationRegistry(ObservationRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return new TokenCheck(
        concurrency,
        jitter,
        whenRefused,
        scheduler,
        period,
        periodJitter,
        random,
        new MicrometerCheckObserver(registry));
  }

  /**
   * The most records checked at once.
   *
   * @return 1 to {@value #MAX_CONCURRENCY}
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * The longest random pause before each call.
   *
   * @return zero or positive
   */
  public Duration jitter() {
    return jitter;
  }

  /**
   * What happens to a record whose token the service refuses.
   *
   * @return mark or delete
   */
  public WhenRefused whenRefused() {
    return whenRefused;
  }

  /**
   * Where the pauses run: the one set, else {@link Schedulers#parallel()} as it is at this call.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    Scheduler set = scheduler;
    return set != null ? set : Schedulers.parallel();
  }

  /**
   * The pause between the end of one scheduled run and the start of the next, before the jitter.
   *
   * @return positive
   */
  public Duration period() {
    return period;
  }

  /**
   * The longest random pause added before each scheduled run.
   *
   * @return zero or positive
   */
  public Duration periodJitter() {
    return periodJitter;
  }

  CheckObserver observer() {
    return observer;
  }

  /** A uniform draw from {@code [0, upTo)}; a source out of range counts as 0. */
  Duration draw(Duration upTo) {
    if (upTo.isZero()) {
      return Duration.ZERO;
    }
    double value = random.getAsDouble();
    if (!(value >= 0.0 && value < 1.0)) {
      value = 0.0;
    }
    return Duration.ofNanos((long) (upTo.toNanos() * value));
  }

  private static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /** Shows every setting. */
  @Override
  public String toString() {
    return "TokenCheck[concurrency="
        + concurrency
        + ", jitter="
        + jitter
        + ", whenRefused="
        + whenRefused
        + ", period="
        + period
        + ", periodJitter="
        + periodJitter
        + "]";
  }
}
