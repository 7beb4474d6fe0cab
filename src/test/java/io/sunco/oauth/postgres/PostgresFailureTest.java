package io.sunco.oauth.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A database that cannot answer: every call errors with {@link StoreUnavailableException} naming
 * its operation, as "failed" with the driver's error when nothing listens or the server stopped,
 * and as "timed out" with the deadline when the server accepts the connection but never answers.
 * None of them hangs.
 */
class PostgresFailureTest {

  @RegisterExtension static final SharedPostgres postgres = new SharedPostgres();

  /** A hang guard for a loaded machine: far above every deadline under test. */
  private static final Duration HANG_GUARD = TestSql.HANG_GUARD;

  private static final SealedRecord RECORD =
      new SealedRecord(
          "client-1",
          "app-1",
          Optional.empty(),
          Optional.of(URI.create("https://acme.zendesk.com/sc")),
          "k1",
          new byte[] {1, 2, 3},
          Instant.parse("2026-12-01T10:15:30Z"),
          Optional.empty(),
          ConnectionStatus.CONNECTED,
          Map.of("user", "u1"),
          1);

  /** Every call of the backend, with the operation its error names. */
  private static Map<String, Call> calls() {
    Map<String, Call> calls = new LinkedHashMap<>();
    calls.put(
        "createSchema", new Call(Operation.WRITE_RECORD, PostgresSealedRecords::createSchema));
    calls.put("upsert", new Call(Operation.WRITE_RECORD, records -> records.upsert(RECORD)));
    calls.put(
        "replaceIfUnchanged",
        new Call(Operation.WRITE_RECORD, records -> records.replaceIfUnchanged(RECORD, RECORD)));
    calls.put(
        "delete", new Call(Operation.WRITE_RECORD, records -> records.delete("client-1", "app-1")));
    calls.put(
        "deleteIfUnchanged",
        new Call(Operation.WRITE_RECORD, records -> records.deleteIfUnchanged(RECORD)));
    calls.put(
        "find", new Call(Operation.READ_RECORDS, records -> records.find("client-1", "app-1")));
    calls.put(
        "findByAttribute",
        new Call(
            Operation.READ_RECORDS, records -> records.findByAttribute("client-1", "user", "u1")));
    calls.put("list", new Call(Operation.READ_RECORDS, records -> records.list("client-1")));
    return calls;
  }

  record Call(Operation operation, Function<PostgresSealedRecords, Publisher<?>> run) {}

  /** Runs every call on {@code records}; each must error as {@code expected} of its operation. */
  private static void everyCallErrors(
      PostgresSealedRecords records, Function<Operation, Consumer<Throwable>> expected) {
    calls()
        .forEach(
            (name, call) ->
                StepVerifier.create(call.run().apply(records))
                    .as(name)
                    .expectErrorSatisfies(expected.apply(call.operation()))
                    .verify(HANG_GUARD));
  }

  private static Consumer<Throwable> failed(Operation operation) {
    return error -> {
      assertThat(error).isInstanceOf(StoreUnavailableException.class);
      StoreUnavailableException e = (StoreUnavailableException) error;
      assertThat(e.operation()).isEqualTo(operation);
      assertThat(e.deadline()).isEmpty();
      assertThat(e.getCause()).isNotNull();
      assertThat(e.getMessage()).doesNotContain("client-1", "app-1", "u1");
    };
  }

  private static Consumer<Throwable> timedOut(Operation operation, Duration deadline) {
    return error -> {
      assertThat(error).isInstanceOf(StoreUnavailableException.class);
      StoreUnavailableException e = (StoreUnavailableException) error;
      assertThat(e.operation()).isEqualTo(operation);
      assertThat(e.deadline()).contains(deadline);
    };
  }

  @Test
  void callsWhenNothingListensThenFailedWithTheDriversErrorAndTheOperation() throws IOException {
    PostgresSealedRecords records =
        PostgresSealedRecords.builder(PostgresServer.connectionFactory(Ports.unused(), "off"))
            .timeout(HANG_GUARD)
            .build();

    everyCallErrors(records, PostgresFailureTest::failed);
  }

  @Test
  void callsWhenTheServerStoppedThenFailedWithTheDriversErrorAndTheOperation() {
    PostgresSealedRecords records;
    try (PostgresServer own = PostgresServer.start()) {
      records = PostgresSealedRecords.builder(own.connectionFactory()).timeout(HANG_GUARD).build();
      StepVerifier.create(records.createSchema()).verifyComplete();
      StepVerifier.create(records.find("client-1", "app-1")).verifyComplete();
    }

    everyCallErrors(records, PostgresFailureTest::failed);
  }

  @Test
  void callsWhenTheServerAcceptsButNeverAnswersThenTimedOutWithTheDeadline() throws IOException {
    Duration deadline = Duration.ofMillis(300);
    // Never accepted: the kernel completes the handshake into the backlog, and nothing answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      PostgresSealedRecords records =
          PostgresSealedRecords.builder(
                  PostgresServer.connectionFactory(silent.getLocalPort(), "silent"))
              .timeout(deadline)
              .build();

      everyCallErrors(records, operation -> timedOut(operation, deadline));
    }
  }

  @Test
  void callWhenNoConnectionArrivesThenTimedOutExactlyAtTheDeadline() {
    Duration deadline = Duration.ofSeconds(2);
    ConnectionFactory never =
        new ConnectionFactory() {
          @Override
          public Publisher<? extends Connection> create() {
            return Mono.never();
          }

          @Override
          public ConnectionFactoryMetadata getMetadata() {
            return () -> "never";
          }
        };
    PostgresSealedRecords records = PostgresSealedRecords.builder(never).timeout(deadline).build();

    StepVerifier.withVirtualTime(() -> records.find("client-1", "app-1"))
        .expectSubscription()
        .expectNoEvent(deadline.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, deadline))
        .verify(HANG_GUARD);
    StepVerifier.withVirtualTime(() -> records.list("client-1"))
        .expectSubscription()
        .expectNoEvent(deadline.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, deadline))
        .verify(HANG_GUARD);
  }
}
