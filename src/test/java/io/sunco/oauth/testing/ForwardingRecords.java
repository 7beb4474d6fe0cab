package io.sunco.oauth.testing;

import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Forwards every call to a backend; a test overrides the calls it breaks, stalls or counts. */
public class ForwardingRecords implements SealedRecords {

  private final SealedRecords delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the backend that answers
   */
  public ForwardingRecords(SealedRecords delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<SealedRecord> upsert(SealedRecord record) {
    return delegate.upsert(record);
  }

  @Override
  public Mono<SealedRecord> find(String clientId, String appId) {
    return delegate.find(clientId, appId);
  }

  @Override
  public Flux<SealedRecord> findByAttribute(String clientId, String name, String value) {
    return delegate.findByAttribute(clientId, name, value);
  }

  @Override
  public Flux<SealedRecord> list(String clientId) {
    return delegate.list(clientId);
  }

  @Override
  public Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement) {
    return delegate.replaceIfUnchanged(seen, replacement);
  }

  @Override
  public Mono<Boolean> delete(String clientId, String appId) {
    return delegate.delete(clientId, appId);
  }

  @Override
  public Mono<Boolean> deleteIfUnchanged(SealedRecord seen) {
    return delegate.deleteIfUnchanged(seen);
  }
}
