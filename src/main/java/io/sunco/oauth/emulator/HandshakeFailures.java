package io.sunco.oauth.emulator;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Sits right after the {@code SslHandler} of each TLS connection: a handshake that fails (a client
 * that does not trust the certificate, a plain-http client) is one WARN line naming the peer and
 * the kind of failure, instead of Reactor Netty's "The connection observed an error" with a full
 * stack trace for every refused connection.
 */
@ChannelHandler.Sharable
final class HandshakeFailures extends ChannelInboundHandlerAdapter {

  static final HandshakeFailures INSTANCE = new HandshakeFailures();

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthEmulator.class);

  private HandshakeFailures() {}

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
      LOG.warn(
          "TLS handshake from {} failed: {}",
          ctx.channel().remoteAddress(),
          kind(completion.cause()));
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (hasSslCause(cause)) {
      // Already said in one line by userEventTriggered; the connection is of no further use.
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }

  /** The failure's class names, never its message (which may quote what the peer sent). */
  static String kind(Throwable cause) {
    Throwable root = cause;
    for (Throwable next = root.getCause(); next != null && next != root; next = next.getCause()) {
      root = next;
    }
    return root == cause
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ", caused by " + root.getClass().getSimpleName();
  }

  private static boolean hasSslCause(Throwable cause) {
    for (Throwable e = cause; e != null; e = e.getCause()) {
      if (e instanceof SSLException) {
        return true;
      }
      if (e.getCause() == e) {
        return false;
      }
    }
    return false;
  }
}
