package io.sunco.oauth.store;

import io.sunco.oauth.testing.ForwardingRecords;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A backend in memory whose conditional replaces go through a hook, numbered from 1 in the order
 * they are asked for, and whose conditional deletes first run {@link #beforeDelete}: a test fails,
 * stalls or races a write there. Everything else goes straight to memory; subclasses override what
 * else they change.
 */
class InterceptedRecords extends ForwardingRecords {

  /** What happens to the {@code call}-th replace of {@code seen}; {@code write} performs it. */
  @FunctionalInterface
  interface ReplaceHook {
    Mono<SealedRecord> apply(int call, SealedRecord seen, Mono<SealedRecord> write);
  }

  final InMemorySealedRecords memory;
  final AtomicInteger replaces = new AtomicInteger();
  volatile ReplaceHook hook = (call, seen, write) -> write;
  volatile Supplier<Mono<Void>> beforeDelete = Mono::empty;

  InterceptedRecords() {
    this(InMemorySealedRecords.create());
  }

  private InterceptedRecords(InMemorySealedRecords memory) {
    super(memory);
    this.memory = memory;
  }

  @Override
  public Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement) {
    Mono<SealedRecord> write = memory.replaceIfUnchanged(seen, replacement);
    return Mono.defer(() -> hook.apply(replaces.incrementAndGet(), seen, write));
  }

  @Override
  public Mono<Boolean> deleteIfUnchanged(SealedRecord seen) {
    return Mono.defer(() -> beforeDelete.get()).then(memory.deleteIfUnchanged(seen));
  }
}
