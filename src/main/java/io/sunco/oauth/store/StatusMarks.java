package io.sunco.oauth.store;

import reactor.core.publisher.Mono;

/**
 * How {@link ConnectedAppStore} and its token check mark a stored record with a connection status:
 * only if the record was not written since it was read, and not again when it has that status.
 */
final class StatusMarks {

  private StatusMarks() {}

  /**
   * Marks {@code seen} with {@code status}, keeping its other components, unless it has it already.
   *
   * @return a {@code Mono} that emits {@code true} when the record has the status (marked now or
   *     before), {@code false} when it changed or went since it was read, or errors when the
   *     backend cannot write
   */
  static Mono<Boolean> mark(SealedRecords records, SealedRecord seen, ConnectionStatus status) {
    if (seen.status() == status) {
      return Mono.just(true);
    }
    return records
        .replaceIfUnchanged(seen, seen.withState(seen.lastVerifiedAt(), status))
        .map(written -> true)
        .defaultIfEmpty(false);
  }
}
