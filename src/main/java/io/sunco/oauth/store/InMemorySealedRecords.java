package io.sunco.oauth.store;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SealedRecords} backend in this JVM's memory: for tests, and for a single instance that
 * may lose its connections at a restart. Lock-free (a {@code ConcurrentHashMap}, each write one
 * atomic step on its record), never blocks, safe to share between threads; every operation runs on
 * the subscribing thread. {@link #list} and {@link #findByAttribute} emit a snapshot taken at
 * subscription.
 */
public final class InMemorySealedRecords implements SealedRecords {

  /** A record's key: its client id and app id. */
  private record Key(String clientId, String appId) {
    static Key of(SealedRecord record) {
      return new Key(record.clientId(), record.appId());
    }
  }

  private final ConcurrentMap<Key, SealedRecord> records = new ConcurrentHashMap<>();
  private final AtomicLong revisions = new AtomicLong();

  private InMemorySealedRecords() {}

  /**
   * A new, empty backend.
   *
   * @return the backend
   */
  public static InMemorySealedRecords create() {
    return new InMemorySealedRecords();
  }

  @Override
  public Mono<SealedRecord> upsert(SealedRecord record) {
    Objects.requireNonNull(record, "record");
    return Mono.fromCallable(
        () -> {
          SealedRecord stored = record.withRevision(revisions.incrementAndGet());
          records.put(Key.of(record), stored);
          return stored;
        });
  }

  @Override
  public Mono<SealedRecord> find(String clientId, String appId) {
    Key key =
        new Key(
            Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(appId, "appId"));
    return Mono.fromSupplier(() -> records.get(key));
  }

  @Override
  public Flux<SealedRecord> findByAttribute(String clientId, String name, String value) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return Flux.defer(
        () ->
            Flux.fromIterable(
                snapshot(clientId).stream()
                    .filter(record -> value.equals(record.attributes().get(name)))
                    .toList()));
  }

  @Override
  public Flux<SealedRecord> list(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return Flux.defer(() -> Flux.fromIterable(snapshot(clientId)));
  }

  private List<SealedRecord> snapshot(String clientId) {
    return records.values().stream().filter(record -> record.clientId().equals(clientId)).toList();
  }

  @Override
  public Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement) {
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(replacement, "replacement");
    if (!Key.of(seen).equals(Key.of(replacement))) {
      throw new IllegalArgumentException("The replacement names another record than the one seen");
    }
    Key key = Key.of(seen);
    return Mono.fromSupplier(
        () -> {
          SealedRecord current = records.get(key);
          if (current == null || !current.sameStoredState(seen)) {
            return null;
          }
          SealedRecord stored = replacement.withRevision(revisions.incrementAndGet());
          // replace(key, old, new) is the atomic step: it fails if anything was written since.
          return records.replace(key, current, stored) ? stored : null;
        });
  }

  @Override
  public Mono<Boolean> delete(String clientId, String appId) {
    Key key =
        new Key(
            Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(appId, "appId"));
    return Mono.fromCallable(() -> records.remove(key) != null);
  }

  @Override
  public Mono<Boolean> deleteIfUnchanged(SealedRecord seen) {
    Objects.requireNonNull(seen, "seen");
    Key key = Key.of(seen);
    return Mono.fromCallable(
        () -> {
          SealedRecord current = records.get(key);
          return current != null && current.sameStoredState(seen) && records.remove(key, current);
        });
  }

  /** Shows how many records are held; never a record. */
  @Override
  public String toString() {
    return "InMemorySealedRecords[records=" + records.size() + "]";
  }
}
