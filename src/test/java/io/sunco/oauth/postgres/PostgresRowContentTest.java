package io.sunco.oauth.postgres;

import static io.sunco.oauth.postgres.TestSql.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.testing.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What a row holds, read with plain SQL: the sealed bytes exactly as given and nothing derived from
 * the token; how many bytes a record takes (the benchmarks need it); and every connection a call
 * takes is closed again, whether the call completes, fails or is cancelled.
 */
class PostgresRowContentTest {

  @RegisterExtension static final SharedPostgres postgres = new SharedPostgres();

  /** A token of the length Sunshine Conversations issues (as in the emulator's tests). */
  private static final String TOKEN = "sc_" + "x7Gq2LmP9vRtY4wZ".repeat(4);

  private final String clientId = "client-" + UUID.randomUUID();

  private static String freshTable() {
    return "t_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static PostgresSealedRecords backend(ConnectionFactory factory, String table) {
    PostgresSealedRecords records =
        PostgresSealedRecords.builder(factory).table(table).timeout(HANG_GUARD).build();
    records.createSchema().block(HANG_GUARD);
    return records;
  }

  /** Seals as the key ring does: format byte, 96-bit nonce, AES-256-GCM ciphertext and tag. */
  private static byte[] seal(String token, String clientId, String appId)
      throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    SecretKey key = generator.generateKey();
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    cipher.updateAAD((clientId + "\n" + appId).getBytes(StandardCharsets.UTF_8));
    byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
    byte[] record = new byte[1 + nonce.length + sealed.length];
    record[0] = 1;
    System.arraycopy(nonce, 0, record, 1, nonce.length);
    System.arraycopy(sealed, 0, record, 1 + nonce.length, sealed.length);
    return record;
  }

  private SealedRecord record(String appId, byte[] sealed) {
    return SampleRecords.acme(
        clientId,
        appId,
        "k-2026-12",
        sealed,
        Optional.of(SampleRecords.LAST_VERIFIED_AT),
        Map.of("user", "user-" + appId, "tenant", "tenant-42"));
  }

  @Test
  void upsertWhenStoredThenTheRowHoldsTheSealedBytesAsGivenAndNothingOfTheToken()
      throws GeneralSecurityException {
    ConnectionFactory factory = postgres.server().connectionFactory();
    String table = freshTable();
    byte[] sealed = seal(TOKEN, clientId, "app-1");
    backend(factory, table).upsert(record("app-1", sealed)).block(HANG_GUARD);

    Object stored =
        TestSql.value(
            factory,
            "SELECT encode(sealed_token, 'hex') FROM \"" + table + "\" WHERE client_id = $1",
            clientId);
    String row =
        (String)
            TestSql.value(
                factory,
                "SELECT row_to_json(t)::text FROM \"" + table + "\" t WHERE client_id = $1",
                clientId);

    assertThat(stored).isEqualTo(HexFormat.of().formatHex(sealed));
    byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
    assertThat(row)
        .doesNotContain(TOKEN)
        .doesNotContain(TOKEN.substring(3, 20))
        .doesNotContain(HexFormat.of().formatHex(token))
        .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(token))
        .contains(HexFormat.of().formatHex(sealed));
  }

  @Test
  void upsertWhenATypicalRecordThenItsRowAndTheTableStaySmall() throws GeneralSecurityException {
    ConnectionFactory factory = postgres.server().connectionFactory();
    String table = freshTable();
    PostgresSealedRecords records = backend(factory, table);
    byte[] sealed = seal(TOKEN, clientId, "app-0");
    long empty =
        (Long) TestSql.value(factory, "SELECT pg_total_relation_size($1::text::regclass)", table);

    Flux.range(0, 10)
        .flatMap(i -> records.upsert(record("app-" + i, sealed)), 8)
        .then()
        .block(HANG_GUARD);
    // The other 990 copied in SQL (an unpooled connection per upsert is slow on a loaded machine):
    // the same columns, their own app id and attributes, as the backend writes them.
    TestSql.execute(
        factory,
        "INSERT INTO \""
            + table
            + "\" (client_id, app_id, subdomain, api_base_url, key_id, sealed_token, connected_at,"
            + " last_verified_at, status, attributes, revision)"
            + " SELECT client_id, 'app-' || g, subdomain, api_base_url, key_id, sealed_token,"
            + " connected_at, last_verified_at, status,"
            + " jsonb_build_object('tenant', 'tenant-42', 'user', 'user-app-' || g), revision"
            + " FROM \""
            + table
            + "\", generate_series(10, 999) AS g WHERE app_id = 'app-0'");
    assertThat(TestSql.value(factory, "SELECT count(*) FROM \"" + table + "\"")).isEqualTo(1000L);
    TestSql.execute(factory, "ANALYZE \"" + table + "\"");

    int row =
        (Integer)
            TestSql.value(
                factory,
                "SELECT pg_column_size(t.*) FROM \"" + table + "\" t WHERE app_id = 'app-1'");
    long total =
        (Long) TestSql.value(factory, "SELECT pg_total_relation_size($1::text::regclass)", table);
    long heap = (Long) TestSql.value(factory, "SELECT pg_relation_size($1::text::regclass)", table);
    long indexes =
        (Long) TestSql.value(factory, "SELECT pg_indexes_size($1::text::regclass)", table);
    // Read by the benchmarks' notes: the size of one record and of 1,000 in PostgreSQL.
    System.out.printf(
        "postgres record size: sealed token %d bytes, row %d bytes (pg_column_size);"
            + " 1000 records: table+indexes %d bytes (%d per record; heap %d, indexes %d,"
            + " empty table %d)%n",
        sealed.length, row, total, (total - empty) / 1000, heap, indexes, empty);

    assertThat(row).isBetween(sealed.length, 1024);
    assertThat(total - empty).isLessThan(1000L * 2048);
  }

  @Test
  void callsWhenTheyCompleteFailOrAreCancelledThenEveryConnectionIsClosed() {
    String application = "close-" + UUID.randomUUID().toString().substring(0, 8);
    ConnectionFactory counted = postgres.server().connectionFactory(application);
    ConnectionFactory observer = postgres.server().connectionFactory();
    String table = freshTable();
    PostgresSealedRecords records = backend(counted, table);
    PostgresSealedRecords missingTable =
        PostgresSealedRecords.builder(counted).table(freshTable()).timeout(HANG_GUARD).build();
    Flux.range(0, 50)
        .flatMap(i -> records.upsert(record("app-" + i, new byte[] {i.byteValue()})), 8)
        .then()
        .block(HANG_GUARD);

    StepVerifier.create(records.find(clientId, "app-1")).expectNextCount(1).verifyComplete();
    StepVerifier.create(missingTable.find(clientId, "app-1")).expectError().verify(HANG_GUARD);
    StepVerifier.create(records.list(clientId), 5)
        .expectNextCount(5)
        .thenCancel()
        .verify(HANG_GUARD);

    Object open =
        Flux.interval(Duration.ofMillis(20))
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    TestSql.rowsLater(
                        observer,
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                        application))
            .map(rows -> rows.get(0).get(0))
            .filter(count -> count.equals(0L))
            .next()
            .block(HANG_GUARD);
    assertThat(open).isEqualTo(0L);
  }
}
