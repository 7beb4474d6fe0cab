package io.sunco.oauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.sunco.oauth.testing.LogLines;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** A refused TLS handshake is one WARN line of the emulator, not a stack trace per connection. */
class HandshakeFailuresTest {

  /** Stands for Reactor Netty's handler after ours, which logs every error it sees with a trace. */
  private static final class Downstream extends ChannelInboundHandlerAdapter {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }
  }

  @Test
  void handshakeWhenTheClientRefusesTheCertificateThenOneLineAndTheErrorGoesNoFurther() {
    Downstream downstream = new Downstream();
    EmbeddedChannel channel = new EmbeddedChannel(HandshakeFailures.INSTANCE, downstream);
    SSLHandshakeException refused =
        new SSLHandshakeException("Received fatal alert: bad_certificate");
    refused.initCause(new IOException("detail from the peer: secret-looking-text"));

    List<String> warnings =
        LogLines.warningsDuring(
            SunshineOAuthEmulator.class.getName(),
            () -> {
              channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(refused));
              channel.pipeline().fireExceptionCaught(new DecoderException(refused));
            });

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("TLS handshake from")
        .contains("failed: SSLHandshakeException, caused by IOException")
        .doesNotContain("secret-looking-text")
        .doesNotContain("bad_certificate");
    assertThat(downstream.errors).isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void exceptionCaughtWhenNotATlsFailureThenPassedOn() {
    Downstream downstream = new Downstream();
    EmbeddedChannel channel = new EmbeddedChannel(HandshakeFailures.INSTANCE, downstream);
    IOException reset = new IOException("Connection reset by peer");

    channel.pipeline().fireExceptionCaught(reset);

    assertThat(downstream.errors).containsExactly(reset);
    assertThat(channel.isOpen()).isTrue();
  }
}
