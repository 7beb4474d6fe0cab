package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The share of sealing in the connected-app store's cost: {@code KeyRing.seal} and {@code
 * KeyRing.open} alone (package-private, hence this class's package; split packages are fine on the
 * class path), AES-256-GCM of a 64-character token with the client id and app id as associated
 * data, as {@code ConnectedAppStore.save} and {@code find} run them once per record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class KeyRingBenchmark {

  /** A ring of one key, a token and a record sealed under it. */
  @State(Scope.Benchmark)
  public static class Ring {
    static final String CLIENT_ID = "bench-client";
    static final String APP_ID = "5e0000000000000000000001";

    final KeyRing ring =
        KeyRing.builder()
            .key("bench-key-1", new byte[KeyRing.KEY_BYTES])
            .primary("bench-key-1")
            .build();
    final AccessToken token =
        AccessToken.bearer("q1Zr3v8yTfXg0bLw5nEoK2sH7dJcUa9iMpR4xV6zQ-tY_WbN3eFhGkLmOsPuAjCl");
    final SealedRecord record =
        new SealedRecord(
            CLIENT_ID,
            APP_ID,
            Optional.of("acme"),
            Optional.of(URI.create("https://acme.zendesk.com/sc")),
            "bench-key-1",
            ring.seal(CLIENT_ID, APP_ID, token),
            Instant.EPOCH,
            Optional.empty(),
            ConnectionStatus.CONNECTED,
            Map.of("user", "user-1", "tenant", "tenant-1"),
            1);
  }

  @Benchmark
  public byte[] seal(Ring state) {
    return state.ring.seal(Ring.CLIENT_ID, Ring.APP_ID, state.token);
  }

  @Benchmark
  public AccessToken open(Ring state) {
    return state.ring.open(state.record);
  }
}
