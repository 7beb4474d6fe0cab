package io.sunco.oauth;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.internal.RawResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding an error answer into a {@code SunshineApiException} ({@code Responses.apiError},
 * package-private, hence this class's package), for each error shape the protocol allows: v2
 * {@code {"errors":[...]}}, v1 {@code {"error":{...}}}, RFC 6749 {@code {"error":"..."}}, and a
 * proxy's HTML page. The exception, stack trace included, is part of the cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ErrorResponseBenchmark {

  /** One answer of the chosen shape. */
  @State(Scope.Benchmark)
  public static class Body {
    @Param({"v2", "v1", "rfc6749", "html"})
    public String shape;

    RawResponse response;
    final Instant now = Instant.parse("2026-11-28T00:00:00Z");

    @Setup
    public void setUp() {
      String body =
          switch (shape) {
            case "v2" -> "{\"errors\":[{\"code\":\"invalid_grant\",\"title\":\"Invalid authorization code\"}]}";
            case "v1" -> "{\"error\":{\"code\":\"bad_request\",\"description\":\"Invalid authorization code\"}}";
            case "rfc6749" -> "{\"error\":\"invalid_grant\",\"error_description\":\"The code was already used\"}";
            case "html" -> "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
            default -> throw new IllegalArgumentException(shape);
          };
      int status = shape.equals("html") ? 502 : 400;
      String contentType = shape.equals("html") ? "text/html" : "application/json";
      response = new RawResponse(status, null, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Benchmark
  public SunshineApiException apiError(Body state) {
    return Responses.apiError(Operation.GET_TOKEN, state.response, state.now);
  }
}
