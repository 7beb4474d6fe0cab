package io.sunco.oauth.internal;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP answer as the transport read it, before any protocol decoding.
 *
 * @param status the HTTP status
 * @param retryAfter the raw {@code Retry-After} header value, or {@code null} when absent
 * @param contentType the raw {@code Content-Type} header value, or {@code null} when absent
 * @param body the whole body, at most the configured limit; empty when there was none
 */
// The body stays an array on purpose: copying it into a collection would cost a copy per answer.
@SuppressWarnings("ArrayRecordComponent")
public record RawResponse(
    int status, @Nullable String retryAfter, @Nullable String contentType, byte[] body) {

  /**
   * Whether the status is 2xx.
   *
   * @return {@code true} when {@link #status()} is 200 to 299
   */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
