package io.sunco.oauth.store;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where {@link ConnectedAppStore} keeps its records: a backend that stores {@link SealedRecord}s as
 * given, keyed by client id and app id, and never sees a token in the clear. This library ships
 * {@link InMemorySealedRecords}, {@code io.sunco.oauth.postgres.PostgresSealedRecords} and {@code
 * io.sunco.oauth.redis.RedisSealedRecords}; the contract below is what {@link ConnectedAppStore}
 * relies on, and what another backend must keep.
 *
 * <p>Contract: each write is atomic for its record: a reader sees a record before or after a write,
 * never a mix, and concurrent upserts of one record end with exactly one of them stored whole.
 * Every write gives the stored record a new {@link SealedRecord#revision() revision}. The
 * conditional writes ({@link #replaceIfUnchanged}, {@link #deleteIfUnchanged}) apply only while the
 * stored record is in the state read earlier ({@link SealedRecord#sameStoredState}), so a check or
 * a key rotation never overwrites a newer connection of the same app. Implementations must not
 * block the calling thread: I/O happens inside the returned publishers. A backend that cannot reach
 * its storage errors with {@link io.sunco.oauth.callback.StoreUnavailableException}.
 */
public interface SealedRecords {

  /**
   * Stores {@code record}, replacing any record of the same client id and app id whole.
   *
   * @param record the record; its revision is ignored
   * @return a {@code Mono} that emits the stored record with its new revision, or errors when the
   *     backend cannot store it
   * @throws NullPointerException when {@code record} is null
   */
  Mono<SealedRecord> upsert(SealedRecord record);

  /**
   * Reads one record.
   *
   * @param clientId the client id
   * @param appId the app id
   * @return a {@code Mono} that emits the record, completes empty when there is none, or errors
   *     when the backend cannot read
   * @throws NullPointerException when an argument is null
   */
  Mono<SealedRecord> find(String clientId, String appId);

  /**
   * Reads the records of a client id whose attributes include {@code name} with {@code value}.
   *
   * @param clientId the client id
   * @param name the attribute's name
   * @param value the attribute's value
   * @return a {@code Flux} of the matching records in no particular order, empty when none matches;
   *     errors when the backend cannot read
   * @throws NullPointerException when an argument is null
   */
  Flux<SealedRecord> findByAttribute(String clientId, String name, String value);

  /**
   * Reads every record of a client id.
   *
   * @param clientId the client id
   * @return a {@code Flux} of the records in no particular order, honouring backpressure (a large
   *     store is not read into memory at once); errors when the backend cannot read
   * @throws NullPointerException when {@code clientId} is null
   */
  Flux<SealedRecord> list(String clientId);

  /**
   * Replaces a record read earlier, only if it was not written since.
   *
   * @param seen the record as read
   * @param replacement its new content, with the same client id and app id; its revision is ignored
   * @return a {@code Mono} that emits the stored replacement with its new revision, completes empty
   *     when the record changed or is gone (nothing written), or errors when the backend cannot
   *     write
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the two name different records
   */
  Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement);

  /**
   * Deletes a record, whatever its state.
   *
   * @param clientId the client id
   * @param appId the app id
   * @return a {@code Mono} that emits true when a record was deleted and false when there was none,
   *     or errors when the backend cannot write
   * @throws NullPointerException when an argument is null
   */
  Mono<Boolean> delete(String clientId, String appId);

  /**
   * Deletes a record read earlier, only if it was not written since.
   *
   * @param seen the record as read
   * @return a {@code Mono} that emits true when it was deleted and false when it changed or is
   *     gone, or errors when the backend cannot write
   * @throws NullPointerException when {@code seen} is null
   */
  Mono<Boolean> deleteIfUnchanged(SealedRecord seen);
}
