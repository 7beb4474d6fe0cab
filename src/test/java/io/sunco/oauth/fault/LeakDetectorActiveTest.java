package io.sunco.oauth.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Proves that Netty's leak detector runs at paranoid level in the test JVMs and that its reports
 * reach a log that CI reads ({@code .ci/run} fails on any "LEAK:" line). Only the report of the
 * leak made here is caught (by a filter that recognises this class in the report's creation record)
 * and kept out of the console, so it does not fail CI itself; every other report, such as a real
 * leak from an earlier test found by the garbage collections forced here, still reaches the console
 * and fails CI.
 */
class LeakDetectorActiveTest {

  private static final String OWN_LEAK = LeakDetectorActiveTest.class.getName() + ".leakOneBuffer";

  @Test
  void leakDetectorWhenBufferNeverReleasedThenReportsLeak() throws Exception {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);

    Logger logger = Logger.getLogger(ResourceLeakDetector.class.getName());
    List<String> ownReports = new CopyOnWriteArrayList<>();
    Filter previous = logger.getFilter();
    logger.setFilter(
        record -> {
          String message = String.valueOf(record.getMessage());
          if (message.contains("LEAK:") && message.contains(OWN_LEAK)) {
            ownReports.add(message);
            return false; // this test's own leak: kept out of the console
          }
          return previous == null || previous.isLoggable(record);
        });
    try {
      leakOneBuffer();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (ownReports.isEmpty() && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
        // The detector reports while tracking new buffers.
        PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
      }
    } finally {
      logger.setFilter(previous);
    }
    assertThat(ownReports).isNotEmpty();
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    leaked.writeInt(42);
    // no release: the buffer becomes unreachable when this frame returns
  }
}
