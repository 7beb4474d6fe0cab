package io.sunco.oauth.postgres;

import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.SealedRecordsContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend contract against {@link PostgresSealedRecords} on a real PostgreSQL, in the default
 * table. Each instance of {@link #instances(int)} has a connection factory of its own, as separate
 * processes would. Deadlines are hang guards for a loaded machine (30 s), as in the Redis contract
 * tests.
 */
class PostgresSealedRecordsContractTest extends SealedRecordsContract {

  @RegisterExtension static final SharedPostgres postgres = new SharedPostgres();

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private @Nullable PostgresSealedRecords records;

  @BeforeEach
  void schema() {
    records = backend();
    records.createSchema().block(HANG_GUARD);
  }

  private static PostgresSealedRecords backend() {
    return PostgresSealedRecords.builder(postgres.server().connectionFactory())
        .timeout(HANG_GUARD)
        .build();
  }

  @Override
  protected SealedRecords records() {
    if (records == null) {
      throw new IllegalStateException("no backend before the test");
    }
    return records;
  }

  @Override
  protected List<SealedRecords> instances(int count) {
    List<SealedRecords> instances = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      instances.add(backend());
    }
    return instances;
  }
}
