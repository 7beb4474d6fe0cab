package io.sunco.oauth;

import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.RawResponse;
import java.nio.charset.StandardCharsets;
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
 * Decoding a {@code POST /oauth/token} success: {@code Responses.accessToken} (package-private,
 * hence this class's package; split packages are fine on the class path), and the strict JSON
 * read under it ({@code internal.Json.read}, public).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TokenResponseBenchmark {

  /** The answer as the transport hands it over: status, headers, body bytes. */
  @State(Scope.Benchmark)
  public static class Body {
    final byte[] body =
        ("{\"access_token\":\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6ImludGVncmF0aW9uIiwi"
                + "YXBwSWQiOiI1Njk4ZWRiZjJhNDNiZDA4MWJlOTgyZjEiLCJpYXQiOjE3MDAwMDAwMDB9.0x3tPQx3nJ2c0m7"
                + "wq0jHkXn3kT0S6n9W1z8Zt0bqv0c\",\"token_type\":\"Bearer\"}")
            .getBytes(StandardCharsets.UTF_8);
    final RawResponse response = new RawResponse(200, null, "application/json", body);
  }

  @Benchmark
  public AccessToken accessToken(Body state) {
    return Responses.accessToken(state.response);
  }

  @Benchmark
  public Object jsonRead(Body state) throws Json.MalformedJsonException {
    return Json.read(state.body);
  }
}
