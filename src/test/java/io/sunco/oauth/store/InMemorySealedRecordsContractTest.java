package io.sunco.oauth.store;

/** The backend contract against {@link InMemorySealedRecords}: one JVM, one map. */
class InMemorySealedRecordsContractTest extends SealedRecordsContract {

  private final InMemorySealedRecords records = InMemorySealedRecords.create();

  @Override
  protected SealedRecords records() {
    return records;
  }
}
