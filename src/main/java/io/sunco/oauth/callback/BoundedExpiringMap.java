package io.sunco.oauth.callback;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A lock-free map from key to slot, bounded in size and forgetting slots past their purge time.
 * Slots leave only in insertion order (the head of a queue): expired ones first, then, while the
 * map holds more than {@code maxEntries}, the oldest. When every slot lives equally long (the state
 * store), insertion order is purge order; otherwise (the replay guard) a purgeable slot may wait
 * behind a younger head until it reaches the head or is evicted, which only delays freeing memory
 * within the bound: a slot is never purged before its time. Both sweeps are amortized O(1) per
 * insertion; no full scan or background thread is needed.
 */
final class BoundedExpiringMap<V> {

  /** One entry; identity equality, so a removal never hits a later slot under the same key. */
  static final class Slot<V> {
    final String key;
    final V value;
    final Instant expiresAt;
    final Instant purgeAt;

    Slot(String key, V value, Instant expiresAt, Instant purgeAt) {
      this.key = key;
      this.value = value;
      this.expiresAt = expiresAt;
      this.purgeAt = purgeAt;
    }
  }

  private final ConcurrentHashMap<String, Slot<V>> slots = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Slot<V>> insertionOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxEntries;

  BoundedExpiringMap(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Adds a slot unless the key is present; first forgets slots whose purge time has come, and
   * afterwards evicts the oldest slots while over the bound.
   *
   * @return whether the slot was added
   */
  boolean putIfAbsent(String key, V value, Instant expiresAt, Instant purgeAt, Instant now) {
    purge(now);
    Slot<V> slot = new Slot<>(key, value, expiresAt, purgeAt);
    if (slots.putIfAbsent(key, slot) != null) {
      return false;
    }
    insertionOrder.add(slot);
    if (size.incrementAndGet() > maxEntries) {
      evictOldest();
    }
    return true;
  }

  /** The slot under {@code key}, or {@code null}. */
  @Nullable Slot<V> get(String key) {
    return slots.get(key);
  }

  /** Slots held now (consumed and expired ones included, until purged or evicted). */
  int size() {
    return size.get();
  }

  private void purge(Instant now) {
    Slot<V> head;
    while ((head = insertionOrder.peek()) != null && !now.isBefore(head.purgeAt)) {
      // remove(head), not poll(): a racing thread may already have taken this head.
      if (insertionOrder.remove(head) && slots.remove(head.key, head)) {
        size.decrementAndGet();
      }
    }
  }

  /**
   * Removes the oldest slot. Each insertion that takes the size past the bound calls this exactly
   * once, so concurrent insertions never evict more than they added.
   */
  private void evictOldest() {
    // A slot is queued after it is mapped and unmapped after it is dequeued, so a polled slot is
    // always still mapped. The queue is empty only if concurrent insertions have not queued yet;
    // the size is then briefly over the bound, until the next insertion.
    Slot<V> oldest = insertionOrder.poll();
    if (oldest != null && slots.remove(oldest.key, oldest)) {
      size.decrementAndGet();
    }
  }
}
