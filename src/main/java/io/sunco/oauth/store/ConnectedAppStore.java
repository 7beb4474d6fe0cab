package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.internal.Arguments;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connected apps of one OAuth client id: each app's token, sealed under the {@link KeyRing}'s
 * primary key before it reaches the {@link SealedRecords} backend, and opened again when read. One
 * record per app (saving an app again replaces its record). Build one per client id at start-up and
 * share it; it holds no state of its own, so the instances of an application may each have one on
 * the same backend.
 *
 * <p>Nothing happens until subscription; argument errors are thrown at call time. A record whose
 * token does not open (its key is not in the ring, or the key or record is wrong) errors with
 * {@link SealedTokenException}, and the record is left as it is: never deleted or rewritten. The
 * backend's failures arrive as its errors ({@link
 * io.sunco.oauth.callback.StoreUnavailableException} for the backends of this library). Sealing and
 * opening are pure computation: nothing here blocks.
 */
public final class ConnectedAppStore {

  /** Records {@link #reseal()} works on at once, by default: {@value}. */
  public static final int DEFAULT_RESEAL_CONCURRENCY = 4;

  /** The most records {@link #reseal()} may work on at once: {@value}. */
  public static final int MAX_RESEAL_CONCURRENCY = 256;

  private final SealedRecords records;
  private final KeyRing keyRing;
  private final String clientId;
  private final Clock clock;
  private final int resealConcurrency;
  private final TokenChecks checks;

  private ConnectedAppStore(
      SealedRecords records, KeyRing keyRing, String clientId, Clock clock, int concurrency) {
    this.records = records;
    this.keyRing = keyRing;
    this.clientId = clientId;
    this.clock = clock;
    this.resealConcurrency = concurrency;
    this.checks = new TokenChecks(records, keyRing, clientId, clock);
  }

  /**
   * A builder; the backend, the key ring and the client id are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The client id whose apps this store keeps.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * Saves the app of a completed flow: status {@link ConnectionStatus#CONNECTED}, connected now (by
   * the store's clock), never verified, the API base URL from {@link TokenInfo#apiBaseUrl()}. An
   * earlier record of the app is replaced.
   *
   * @param token the access token the flow got
   * @param app what {@code GET /v2/tokenInfo} said about the token's app
   * @param attributes the flow's attributes, copied
   * @return a {@code Mono} that emits the stored record, or errors with the backend's error
   * @throws NullPointerException when an argument, an attribute name or value is null
   */
  public Mono<ConnectedAppRecord> connect(
      AccessToken token, TokenInfo app, Map<String, String> attributes) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(app, "app");
    Map<String, String> copied = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    return Mono.defer(
        () ->
            save(
                new ConnectedAppRecord(
                    app.appId(),
                    app.subdomain(),
                    app.apiBaseUrl(),
                    token,
                    clock.instant(),
                    Optional.empty(),
                    ConnectionStatus.CONNECTED,
                    copied)));
  }

  /**
   * Saves a record as given, its token sealed under the primary key, replacing any record of its
   * app. Each subscription seals again (with a fresh nonce) and writes again.
   *
   * @param record the record
   * @return a {@code Mono} that emits the record as stored, or errors with the backend's error
   * @throws NullPointerException when {@code record} is null
   */
  public Mono<ConnectedAppRecord> save(ConnectedAppRecord record) {
    Objects.requireNonNull(record, "record");
    return Mono.defer(() -> records.upsert(sealed(record)))
        .map(stored -> toRecord(stored, record.token()));
  }

  /**
   * Reads the record of one app.
   *
   * @param appId the app id
   * @return a {@code Mono} that emits the record, completes empty when the app has none, or errors
   *     with {@link SealedTokenException} when its token does not open (the record stays), or with
   *     the backend's error
   * @throws NullPointerException when {@code appId} is null
   */
  public Mono<ConnectedAppRecord> find(String appId) {
    Objects.requireNonNull(appId, "appId");
    return Mono.defer(() -> records.find(clientId, appId)).map(this::opened);
  }

  /**
   * Reads the records whose flow attributes include {@code name} with {@code value}, for example
   * every app that one of the application's users connected.
   *
   * @param name the attribute's name
   * @param value the attribute's value
   * @return a {@code Flux} of the matching records in no particular order, empty when none matches;
   *     errors with {@link SealedTokenException} at the first token that does not open, or with the
   *     backend's error
   * @throws NullPointerException when an argument is null
   */
  public Flux<ConnectedAppRecord> findByAttribute(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return Flux.defer(() -> records.findByAttribute(clientId, name, value)).map(this::opened);
  }

  /**
   * Reads every record of this client id.
   *
   * @return a {@code Flux} of the records in no particular order, honouring backpressure; errors
   *     with {@link SealedTokenException} at the first token that does not open, or with the
   *     backend's error
   */
  public Flux<ConnectedAppRecord> list() {
    return Flux.defer(() -> records.list(clientId)).map(this::opened);
  }

  /**
   * Deletes the record of one app, whatever its state; its token is not revoked.
   *
   * @param appId the app id
   * @return a {@code Mono} that emits true when a record was deleted and false when there was none,
   *     or errors with the backend's error
   * @throws NullPointerException when {@code appId} is null
   */
  public Mono<Boolean> delete(String appId) {
    Objects.requireNonNull(appId, "appId");
    return Mono.defer(() -> records.delete(clientId, appId));
  }

  /**
   * Disconnects one app: reads its record, revokes its token with {@link
   * SunshineOAuthClient#revokeAccess}, then deletes the record only if it was not written since it
   * was read ({@link SealedRecords#deleteIfUnchanged}), so that a reconnect meanwhile keeps its new
   * record. Idempotent: an app without a record is already disconnected, and a revoke the service
   * answers {@code 401} (the token is already dead) counts as done. When the revoke fails
   * otherwise, the record is kept, with its token, and marked {@link
   * ConnectionStatus#DISCONNECT_PENDING} (a conditional write too): never dropped while its token
   * may still work.
   *
   * @param appId the app to disconnect; the application decides which apps its user may disconnect
   * @param client the client of this store's client id, which sends the revoke
   * @return a {@code Mono} that emits how it ended (a failed revoke is {@link
   *     DisconnectResult#RETRY_PENDING}, not an error), or errors with {@link SealedTokenException}
   *     when the token does not open (nothing revoked, the record stays) or with the backend's
   *     error
   * @throws NullPointerException when an argument is null
   */
  public Mono<DisconnectResult> disconnect(String appId, SunshineOAuthClient client) {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(client, "client");
    return Mono.defer(() -> records.find(clientId, appId))
        .flatMap(seen -> disconnected(seen, client))
        .defaultIfEmpty(DisconnectResult.ALREADY_DISCONNECTED);
  }

  /**
   * Retries every disconnect whose revoke failed: walks the records of this client id, one at a
   * time, and disconnects each one marked {@link ConnectionStatus#DISCONNECT_PENDING} as {@link
   * #disconnect} does (a scheduled job calls it; {@link #checkTokens} leaves these records to it).
   * A record connected again meanwhile is left as it is.
   *
   * @param client the client of this store's client id, which sends the revokes
   * @return a {@code Flux} of one result per pending record, in the order examined, empty when none
   *     is pending; errors with {@link SealedTokenException} at the first token that does not open
   *     (the records before it were handled), or with the backend's error
   * @throws NullPointerException when {@code client} is null
   */
  public Flux<DisconnectResult> retryPendingDisconnects(SunshineOAuthClient client) {
    Objects.requireNonNull(client, "client");
    return Flux.defer(() -> records.list(clientId))
        .filter(seen -> seen.status() == ConnectionStatus.DISCONNECT_PENDING)
        .concatMap(seen -> disconnected(seen, client));
  }

  private Mono<DisconnectResult> disconnected(SealedRecord seen, SunshineOAuthClient client) {
    return Mono.defer(
        () ->
            client
                .revokeAccess(keyRing.open(seen))
                .then(Mono.just(true))
                // 401: the token is already dead, which is what the revoke was for.
                .onErrorResume(SunshineOAuthException.class, error -> Mono.just(isRefused(error)))
                .flatMap(revoked -> revoked ? deletedAfterRevoke(seen) : markedPending(seen)));
  }

  private Mono<DisconnectResult> deletedAfterRevoke(SealedRecord seen) {
    return records
        .deleteIfUnchanged(seen)
        .map(
            deleted ->
                deleted ? DisconnectResult.DISCONNECTED : DisconnectResult.RECONNECTED_MEANWHILE);
  }

  private Mono<DisconnectResult> markedPending(SealedRecord seen) {
    return StatusMarks.mark(records, seen, ConnectionStatus.DISCONNECT_PENDING)
        .map(
            marked ->
                marked ? DisconnectResult.RETRY_PENDING : DisconnectResult.RECONNECTED_MEANWHILE);
  }

  /**
   * Confirms a removal hint for one app (a call to the integration's {@code removeUrl}, which
   * anyone may send): checks the stored token with {@link SunshineOAuthClient#getTokenInfo} and
   * deletes the record, if it was not written since it was read, only when the service answers
   * {@code 401}. Otherwise nothing changes: a {@code 2xx} means the app is still connected,
   * anything else (a {@code 5xx}, a timeout) leaves the answer unknown and the record kept.
   * Idempotent.
   *
   * @param appId the app the hint names
   * @param client the client of this store's client id, which sends the check
   * @return a {@code Mono} that emits how it ended (a failed check is {@link
   *     RemovalResult#UNKNOWN}, not an error), or errors with {@link SealedTokenException} when the
   *     token does not open (the record stays) or with the backend's error
   * @throws NullPointerException when an argument is null
   */
  public Mono<RemovalResult> confirmRemoval(String appId, SunshineOAuthClient client) {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(client, "client");
    return Mono.defer(() -> records.find(clientId, appId))
        .flatMap(seen -> checkedForRemoval(seen, client))
        .defaultIfEmpty(RemovalResult.NOT_CONNECTED);
  }

  private Mono<RemovalResult> checkedForRemoval(SealedRecord seen, SunshineOAuthClient client) {
    return Mono.defer(
        () ->
            client
                .getTokenInfo(keyRing.open(seen))
                .map(info -> RemovalResult.STILL_CONNECTED)
                .onErrorResume(
                    SunshineOAuthException.class,
                    error ->
                        Mono.just(isRefused(error) ? RemovalResult.REMOVED : RemovalResult.UNKNOWN))
                .flatMap(
                    checked ->
                        checked != RemovalResult.REMOVED
                            ? Mono.just(checked)
                            : records
                                .deleteIfUnchanged(seen)
                                .map(
                                    deleted ->
                                        deleted
                                            ? RemovalResult.REMOVED
                                            : RemovalResult.RECONNECTED_MEANWHILE)));
  }

  /**
   * Checks every stored token with {@link SunshineOAuthClient#getTokenInfo}, the only way to notice
   * a token that died without the service telling us (a removal whose {@code removeUrl} call was
   * lost). Walks the records of this client id, at most {@link TokenCheck#concurrency()} at once,
   * each after a random pause of up to {@link TokenCheck#jitter()} (see {@link TokenCheck}). Each
   * record's token is sent once: the client's retry policy and retry budget are the only retries.
   *
   * <ul>
   *   <li>{@code 2xx}: {@code lastVerifiedAt} is set to now (by the store's clock) and the status
   *       to {@link ConnectionStatus#CONNECTED} (also for a record marked refused before);
   *   <li>{@code 401}: the record is marked {@link ConnectionStatus#TOKEN_REFUSED}, or deleted when
   *       {@link TokenCheck#whenRefused()} says {@link TokenCheck.WhenRefused#DELETE};
   *   <li>anything else (another status, a timeout, a transport error, a token that does not open):
   *       counted as failed, nothing changes.
   * </ul>
   *
   * <p>Every write is conditional ({@link SealedRecords#replaceIfUnchanged}, {@link
   * SealedRecords#deleteIfUnchanged}): a record written meanwhile (a reconnect with a new token) is
   * left as it is and counted as changed meanwhile. Records marked {@link
   * ConnectionStatus#DISCONNECT_PENDING} are skipped: {@link #retryPendingDisconnects} handles
   * them.
   *
   * @param client the client of this store's client id, which sends the checks
   * @param check the settings, for example {@link TokenCheck#defaults()}
   * @return a {@code Mono} that emits what was found once every record was examined, or errors with
   *     the backend's error (a read or a write; the records handled before keep their writes)
   * @throws NullPointerException when an argument is null
   */
  public Mono<CheckReport> checkTokens(SunshineOAuthClient client, TokenCheck check) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(check, "check");
    return checks.check(client, check);
  }

  /**
   * Runs {@link #checkTokens} again and again, one run at a time: the first after a random pause of
   * up to {@link TokenCheck#periodJitter()}, each next one {@link TokenCheck#period()} (default 24
   * hours) plus a random pause of up to the period jitter (default 1 hour) after the previous run
   * ended, so runs never overlap and instances started together drift apart. The pauses run on
   * {@link TokenCheck#scheduler()}. A run that errors is logged once at WARN (the client id and the
   * error, never a token) and the next run still happens. Subscribe once at start-up and dispose
   * the subscription at shut-down: that stops the schedule, and cancels a run in progress.
   *
   * @param client the client of this store's client id, which sends the checks
   * @param check the settings, for example {@link TokenCheck#defaults()}
   * @return a {@code Flux} that emits the report of each run that ended, never completes and never
   *     errors
   * @throws NullPointerException when an argument is null
   */
  public Flux<CheckReport> checkTokensPeriodically(SunshineOAuthClient client, TokenCheck check) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(check, "check");
    return checks.periodically(client, check);
  }

  /** The service's answer that a token is dead: {@code 401}. */
  private static boolean isRefused(SunshineOAuthException error) {
    return error instanceof SunshineApiException api && api.status() == 401;
  }

  /**
   * Seals every record of this client id under the primary key, the step of a key rotation between
   * making a new key the primary (on every instance) and dropping the old key from the ring.
   *
   * <p>Walks the records, at most {@link Builder#resealConcurrency} at once (default {@value
   * #DEFAULT_RESEAL_CONCURRENCY}). A record already under the primary key is left as it is; any
   * other is opened, sealed again under the primary key and written only if it was not written
   * since it was read ({@link SealedRecords#replaceIfUnchanged}): a save in between is kept, never
   * overwritten with the older token. Every record opens at every moment, under its old key or the
   * new one, so an interrupted reseal (a crash, a cancel, a backend error) loses nothing: run it
   * again and it continues where the records stand. A record that does not open stops the reseal
   * with {@link SealedTokenException} naming its key id and app id; the records resealed before
   * stay resealed, and the record itself stays as it is.
   *
   * @return a {@code Mono} that emits what was done once every record was examined, or errors with
   *     {@link SealedTokenException} or the backend's error
   */
  public Mono<ResealReport> reseal() {
    return Mono.defer(
        () -> {
          Counts counts = new Counts();
          return records
              .list(clientId)
              .flatMap(seen -> resealed(seen, counts), resealConcurrency)
              .then(Mono.fromSupplier(counts::report));
        });
  }

  private Mono<Void> resealed(SealedRecord seen, Counts counts) {
    return Mono.defer(
        () -> {
          counts.examined.incrementAndGet();
          if (seen.keyId().equals(keyRing.primaryKeyId())) {
            counts.alreadyCurrent.incrementAndGet();
            return Mono.empty();
          }
          AccessToken token = keyRing.open(seen);
          SealedRecord replacement =
              new SealedRecord(
                  seen.clientId(),
                  seen.appId(),
                  seen.subdomain(),
                  seen.apiBaseUrl(),
                  keyRing.primaryKeyId(),
                  keyRing.seal(seen.clientId(), seen.appId(), token),
                  seen.connectedAt(),
                  seen.lastVerifiedAt(),
                  seen.status(),
                  seen.attributes(),
                  0);
          return records
              .replaceIfUnchanged(seen, replacement)
              .hasElement()
              .doOnNext(
                  written ->
                      (written ? counts.resealed : counts.changedMeanwhile).incrementAndGet())
              .then();
        });
  }

  private SealedRecord sealed(ConnectedAppRecord record) {
    return new SealedRecord(
        clientId,
        record.appId(),
        record.subdomain(),
        record.apiBaseUrl(),
        keyRing.primaryKeyId(),
        keyRing.seal(clientId, record.appId(), record.token()),
        record.connectedAt(),
        record.lastVerifiedAt(),
        record.status(),
        record.attributes(),
        0);
  }

  private ConnectedAppRecord opened(SealedRecord stored) {
    return toRecord(stored, keyRing.open(stored));
  }

  private static ConnectedAppRecord toRecord(SealedRecord stored, AccessToken token) {
    return new ConnectedAppRecord(
        stored.appId(),
        stored.subdomain(),
        stored.apiBaseUrl(),
        token,
        stored.connectedAt(),
        stored.lastVerifiedAt(),
        stored.status(),
        stored.attributes());
  }

  /** Shows the client id, the backend and the key ids; never a token or a key. */
  @Override
  public String toString() {
    return "ConnectedAppStore[clientId="
        + clientId
        + ", records="
        + records
        + ", keyRing="
        + keyRing
        + "]";
  }

  /** One reseal's counts; its records are counted from several threads. */
  private static final class Counts {
    final AtomicLong examined = new AtomicLong();
    final AtomicLong resealed = new AtomicLong();
    final AtomicLong alreadyCurrent = new AtomicLong();
    final AtomicLong changedMeanwhile = new AtomicLong();

    ResealReport report() {
      return new ResealReport(
          examined.get(), resealed.get(), alreadyCurrent.get(), changedMeanwhile.get());
    }
  }

  /** Configures a {@link ConnectedAppStore}; not thread-safe, use once. */
  public static final class Builder {

    private @Nullable SealedRecords records;
    private @Nullable KeyRing keyRing;
    private @Nullable String clientId;
    private Clock clock = Clock.systemUTC();
    private int resealConcurrency = DEFAULT_RESEAL_CONCURRENCY;

    private Builder() {}

    /**
     * Sets the backend that keeps the sealed records. Required.
     *
     * @param records the backend: {@link InMemorySealedRecords}, or the PostgreSQL or Redis one
     * @return this builder
     * @throws NullPointerException when {@code records} is null
     */
    public Builder records(SealedRecords records) {
      this.records = Objects.requireNonNull(records, "records");
      return this;
    }

    /**
     * Sets the keys that seal and open the tokens. Required.
     *
     * @param keyRing the ring, for example from {@link KeyFile#keyRing()}
     * @return this builder
     * @throws NullPointerException when {@code keyRing} is null
     */
    public Builder keyRing(KeyRing keyRing) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
      return this;
    }

    /**
     * Sets the OAuth client id whose apps the store keeps; with the app id, the key of every
     * record, and bound to every sealed token. Required.
     *
     * @param clientId the integration's client id
     * @return this builder
     * @throws NullPointerException when {@code clientId} is null
     * @throws IllegalArgumentException when it is blank
     */
    public Builder clientId(String clientId) {
      Arguments.requireNonBlank(clientId, "clientId");
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the clock that dates new connections; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock read by {@link ConnectedAppStore#connect}
     * @return this builder
     * @throws NullPointerException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many records {@link ConnectedAppStore#reseal()} works on at once; default {@value
     * #DEFAULT_RESEAL_CONCURRENCY}.
     *
     * @param concurrency 1 to {@value #MAX_RESEAL_CONCURRENCY}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public Builder resealConcurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_RESEAL_CONCURRENCY) {
        throw new IllegalArgumentException(
            "resealConcurrency must be 1 to " + MAX_RESEAL_CONCURRENCY + ": " + concurrency);
      }
      this.resealConcurrency = concurrency;
      return this;
    }

    /**
     * The store.
     *
     * @return a store with this builder's settings
     * @throws IllegalStateException when the backend, the key ring or the client id is missing
     */
    public ConnectedAppStore build() {
      SealedRecords backend = records;
      KeyRing ring = keyRing;
      String client = clientId;
      if (backend == null) {
        throw new IllegalStateException("records(..) is required");
      }
      if (ring == null) {
        throw new IllegalStateException("keyRing(..) is required");
      }
      if (client == null) {
        throw new IllegalStateException("clientId(..) is required");
      }
      return new ConnectedAppStore(backend, ring, client, clock, resealConcurrency);
    }
  }
}
