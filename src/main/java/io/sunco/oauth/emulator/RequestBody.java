package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body up to a cap without holding more than the cap: a declared {@code
 * Content-Length} over it is refused before a byte is read, and a chunked body stops being read
 * (and the rest is discarded by Reactor Netty) at the first chunk that crosses it.
 */
final class RequestBody {

  private final int max;
  private byte[] bytes = new byte[0];
  private int size;
  private boolean tooLarge;

  private RequestBody(int max) {
    this.max = max;
  }

  /**
   * Emits the body decoded as UTF-8 ({@code ""} when there is none), or an empty {@code Optional}
   * when it is larger than {@code max} bytes.
   */
  static Mono<Optional<String>> read(HttpServerRequest request, int max) {
    if (declaredLength(request) > max) {
      return Mono.just(Optional.empty());
    }
    return Mono.defer(
        () -> {
          RequestBody body = new RequestBody(max);
          return request
              .receive()
              .asByteArray()
              .takeUntil(chunk -> !body.append(chunk))
              .then(Mono.fromSupplier(body::text));
        });
  }

  /** The declared {@code Content-Length}, 0 without one; an unreadable one counts as too long. */
  private static long declaredLength(HttpServerRequest request) {
    String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      // Netty rejects malformed lengths before this runs; a number beyond long still lands here.
      return Long.MAX_VALUE;
    }
  }

  /** Adds a chunk; {@code false} once the body is over the cap (then nothing more is kept). */
  private boolean append(byte[] chunk) {
    if (chunk.length > max - size) {
      tooLarge = true;
      bytes = new byte[0];
      return false;
    }
    if (size + chunk.length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + chunk.length, bytes.length * 2)));
    }
    System.arraycopy(chunk, 0, bytes, size, chunk.length);
    size += chunk.length;
    return true;
  }

  private Optional<String> text() {
    return tooLarge
        ? Optional.empty()
        : Optional.of(new String(bytes, 0, size, StandardCharsets.UTF_8));
  }
}
