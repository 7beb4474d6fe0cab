package io.sunco.oauth.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class BodyCollectorTest {

  /** Feeds each chunk to the collector as a Netty buffer, releasing it afterwards. */
  private static void append(BodyCollector collector, String... chunks) {
    for (String chunk : chunks) {
      ByteBuf buffer = Unpooled.wrappedBuffer(chunk.getBytes(US_ASCII));
      try {
        collector.append(buffer);
      } finally {
        buffer.release();
      }
    }
  }

  @Test
  void toByteArrayWhenNothingAppendedThenEmpty() {
    assertThat(new BodyCollector(16, -1).toByteArray()).isEmpty();
    assertThat(new BodyCollector(16, 0).toByteArray()).isEmpty();
  }

  @Test
  void appendWhenSeveralChunksWithoutAnnouncedLengthThenEveryByteInOrder() {
    BodyCollector collector = new BodyCollector(64, -1);

    append(collector, "ab", "cde", "f", "ghijklmno");

    assertThat(collector.toByteArray()).isEqualTo("abcdefghijklmno".getBytes(US_ASCII));
  }

  @Test
  void appendWhenSeveralChunksWithAnnouncedLengthThenEveryByteInOrder() {
    BodyCollector collector = new BodyCollector(64, 6);

    append(collector, "ab", "cd", "ef");

    assertThat(collector.toByteArray()).isEqualTo("abcdef".getBytes(US_ASCII));
  }

  @Test
  void appendWhenBodyShorterThanAnnouncedThenTrimmedToTheBytesReceived() {
    BodyCollector collector = new BodyCollector(64, 10);

    append(collector, "ab", "c");

    assertThat(collector.toByteArray()).isEqualTo("abc".getBytes(US_ASCII));
  }

  @Test
  void appendWhenBodyLongerThanAnnouncedThenGrowsKeepingEarlierBytes() {
    BodyCollector collector = new BodyCollector(64, 2);

    append(collector, "ab", "cde");

    assertThat(collector.toByteArray()).isEqualTo("abcde".getBytes(US_ASCII));
  }

  @Test
  void appendWhenAnnouncedLengthBeyondLimitThenIgnoredAndTheLimitStillHolds() {
    BodyCollector collector = new BodyCollector(4, Long.MAX_VALUE);

    append(collector, "ab", "cd");

    assertThat(collector.toByteArray()).isEqualTo("abcd".getBytes(US_ASCII));
    assertThatThrownBy(() -> append(collector, "e"))
        .isInstanceOf(BodyCollector.TooLargeException.class);
  }

  @Test
  void appendWhenExactlyAtLimitThenAccepted() {
    BodyCollector unannounced = new BodyCollector(5, -1);
    BodyCollector announced = new BodyCollector(5, 5);

    append(unannounced, "abc", "de");
    append(announced, "abcde");

    assertThat(unannounced.toByteArray()).isEqualTo("abcde".getBytes(US_ASCII));
    assertThat(announced.toByteArray()).isEqualTo("abcde".getBytes(US_ASCII));
  }

  @Test
  void appendWhenOneByteOverLimitThenTooLarge() {
    BodyCollector collector = new BodyCollector(5, -1);
    append(collector, "abc");

    assertThatThrownBy(() -> append(collector, "def"))
        .isInstanceOf(BodyCollector.TooLargeException.class);
    assertThatThrownBy(() -> append(new BodyCollector(5, 5), "abcdef"))
        .isInstanceOf(BodyCollector.TooLargeException.class);
  }

  @Test
  void appendWhenChunkPartlyReadThenOnlyItsReadableBytesAndChunkNotReleased() {
    BodyCollector collector = new BodyCollector(16, -1);
    ByteBuf chunk = Unpooled.wrappedBuffer("xxabc".getBytes(US_ASCII)).skipBytes(2);
    try {
      collector.append(chunk);

      assertThat(chunk.refCnt()).isEqualTo(1);
      assertThat(chunk.readableBytes()).isEqualTo(3);
    } finally {
      chunk.release();
    }
    assertThat(collector.toByteArray()).isEqualTo("abc".getBytes(US_ASCII));
  }
}
