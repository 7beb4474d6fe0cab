package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * How network errors are classified: above all, whether the request may have reached the server.
 */
class HttpTransportTest {

  private final HttpTransport transport =
      new HttpTransport(HttpClient.create(), 1024, Duration.ofSeconds(5), Duration.ofSeconds(10));

  private SunshineTransportException transportError(Throwable error, boolean started) {
    SunshineOAuthException e = transport.translate(Operation.GET_TOKEN, error, started);
    assertThat(e).isInstanceOf(SunshineTransportException.class);
    return (SunshineTransportException) e;
  }

  @Test
  void translateWhenClosedBeforeSendThenNotProcessedEvenIfStarted() {
    SunshineTransportException e = transportError(AbortedException.beforeSend(), true);
    assertThat(e.reason()).isEqualTo(Reason.CLOSED_BEFORE_REQUEST);
    assertThat(e.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenPrematureCloseAfterRequestStartedThenMayHaveBeenProcessed() {
    SunshineTransportException e = transportError(PrematureCloseException.TEST_EXCEPTION, true);
    assertThat(e.reason()).isEqualTo(Reason.CLOSED_DURING_EXCHANGE);
    assertThat(e.requestMayHaveBeenProcessed()).isTrue();
    assertThat(e.getMessage()).contains("the authorization code may be spent");
  }

  @Test
  void translateWhenResetBeforeRequestStartedThenClosedBeforeRequest() {
    SunshineTransportException e =
        transportError(new IOException("Connection reset by peer"), false);
    assertThat(e.reason()).isEqualTo(Reason.CLOSED_BEFORE_REQUEST);
    assertThat(e.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenConnectFailuresThenConnectFailedNotProcessed() {
    assertThat(transportError(new ConnectException("refused"), false).reason())
        .isEqualTo(Reason.CONNECT_FAILED);
    assertThat(transportError(new UnknownHostException("nowhere.invalid"), false).reason())
        .isEqualTo(Reason.CONNECT_FAILED);
    assertThat(transportError(new ConnectException("refused"), false).requestMayHaveBeenProcessed())
        .isFalse();
  }

  @Test
  void translateWhenSslFailureWrappedThenTlsFailed() {
    SunshineTransportException e =
        transportError(
            new RuntimeException(new SSLHandshakeException("PKIX path building failed")), false);
    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenDecoderFailureThenMalformedHttp() {
    assertThat(transportError(new TooLongFrameException("header too long"), true).reason())
        .isEqualTo(Reason.MALFORMED_HTTP);
  }

  @Test
  void translateWhenConnectTimeoutThenConnectDeadlineNotProcessed() {
    SunshineOAuthException e =
        transport.translate(
            Operation.GET_TOKEN_INFO, new ConnectTimeoutException("timed out"), false);
    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
    SunshineTimeoutException t = (SunshineTimeoutException) e;
    assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.CONNECT);
    assertThat(t.limit()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenUnknownErrorThenOtherFollowingStartedFlag() {
    assertThat(transportError(new IllegalStateException("x"), true).requestMayHaveBeenProcessed())
        .isTrue();
    assertThat(transportError(new IllegalStateException("x"), false).requestMayHaveBeenProcessed())
        .isFalse();
  }
}
