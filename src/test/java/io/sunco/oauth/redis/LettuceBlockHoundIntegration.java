package io.sunco.oauth.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one BlockHound allowance for Lettuce, loaded by BlockHound's service loader in every test
 * JVM: Lettuce's {@code SharedLock} guards the hand-over of a command to its channel with a {@code
 * ReentrantLock} held for a few instructions (never across I/O), which parks a writer only while
 * another thread holds it. Without the allowance, BlockHound throws inside that lock when two
 * threads write to one connection at once, and the error thrown half-way through Lettuce's locking
 * can leave the connection wedged for every later command. Everything else Lettuce and this library
 * do stays checked.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

  /**
   * Set when BlockHound applied this integration; {@code LettuceBlockHoundIntegrationTest} reads
   * it.
   */
  static volatile boolean applied;

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
    builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
    applied = true;
  }
}
