package io.sunco.oauth.internal;

import io.netty.buffer.ByteBuf;

/**
 * Collects a response body into one array, failing as soon as it grows past a limit so that the
 * rest is never buffered. Not thread-safe: one collector per response, fed on its event loop.
 */
final class BodyCollector {

  /** The body grew past the limit. No stack trace: it is a control-flow signal. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException() {
      super("response body exceeds the configured limit", null, false, false);
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private byte[] bytes = EMPTY;
  private int size;

  /**
   * @param limit the most bytes accepted
   * @param expectedLength the announced {@code Content-Length}, or -1; sizes the array once
   */
  BodyCollector(int limit, long expectedLength) {
    this.limit = limit;
    if (expectedLength > 0 && expectedLength <= limit) {
      this.bytes = new byte[(int) expectedLength];
    }
  }

  /** Copies the readable bytes of {@code chunk}; does not release it. */
  void append(ByteBuf chunk) {
    int length = chunk.readableBytes();
    if (length > limit - size) {
      throw new TooLargeException();
    }
    if (size + length > bytes.length) {
      byte[] grown = new byte[Math.min(limit, Math.max(size + length, bytes.length * 2))];
      System.arraycopy(bytes, 0, grown, 0, size);
      bytes = grown;
    }
    chunk.getBytes(chunk.readerIndex(), bytes, size, length);
    size += length;
  }

  /** The collected bytes, trimmed to their length. */
  byte[] toByteArray() {
    if (size == bytes.length) {
      return bytes;
    }
    byte[] exact = new byte[size];
    System.arraycopy(bytes, 0, exact, 0, size);
    return exact;
  }
}
