package io.sunco.oauth.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.ReactorNetty;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;

/**
 * One HTTP exchange over Reactor Netty: sends a request, reads the whole answer up to a byte limit,
 * and turns every network failure into a {@link SunshineOAuthException}. It knows nothing of the
 * OAuth protocol; the caller decodes the {@link RawResponse}.
 */
public final class HttpTransport {

  private static final Logger LOG = Loggers.getLogger(HttpTransport.class);

  /** The pipeline name of {@link QuietClose}. */
  private static final String QUIET_CLOSE = "sunco.quietClose";

  private final HttpClient client;
  private final int maxBodyBytes;
  private final Duration connectTimeout;
  private final Duration poolAcquireTimeout;

  /**
   * Makes a transport over the given Reactor Netty client.
   *
   * @param client the configured client (no redirects followed, no silent retry)
   * @param maxBodyBytes the most bytes of a body that are read before the exchange fails
   * @param connectTimeout the connect timeout configured on {@code client}, for messages
   * @param poolAcquireTimeout the pool acquire timeout of the pool, for messages
   */
  public HttpTransport(
      HttpClient client, int maxBodyBytes, Duration connectTimeout, Duration poolAcquireTimeout) {
    // Each new connection is noted against the exchange that asked for it (the subscriber's
    // context reaches the channel initializer), so that an attempt abandoned before its handshake
    // ended can close it: once per transport, not per call.
    this.client = client.doOnChannelInit(HttpTransport::noteOpened);
    this.maxBodyBytes = maxBodyBytes;
    this.connectTimeout = connectTimeout;
    this.poolAcquireTimeout = poolAcquireTimeout;
  }

  /**
   * Sends one request and reads the answer; nothing happens until subscription.
   *
   * @param operation the call this exchange belongs to, for errors
   * @param method the HTTP method
   * @param url the absolute URL
   * @param authorization the {@code Authorization} header value, or {@code null}
   * @param jsonBody a JSON body to send, or {@code null} for none
   * @param tracker decides, against the attempt's deadline, whether the request goes out
   * @return a Mono that emits the answer, whatever its status, or errors with a {@link
   *     SunshineTransportException} or {@link SunshineTimeoutException}; when {@code tracker} was
   *     {@linkplain AttemptTracker#abandon() abandoned} before the send path, it writes nothing and
   *     never signals (the abandoning party has told the caller already): whoever abandons must
   *     cancel the subscription, which releases the connection
   */
  public Mono<RawResponse> exchange(
      Operation operation,
      HttpMethod method,
      URI url,
      @Nullable String authorization,
      byte @Nullable [] jsonBody,
      AttemptTracker tracker) {
    // The per-call headers are set, and the attempt claimed for sending, in the send function:
    // Reactor Netty runs it on the event loop after its default headers and after every
    // doOnRequest hook (REQUEST_PREPARED), and writes nothing of the request before it returns.
    // So it is the last point before the first byte. HttpClient.headers(..) per call would copy
    // the client's whole configuration and its default headers every time. (The one context entry
    // per call, the Opened below, is what lets the channel initializer find the exchange.)
    Opened opened = new Opened(tracker);
    HttpClient.ResponseReceiver<?> request =
        client
            .request(method)
            .uri(url)
            .send(
                (outgoing, outbound) -> {
                  if (outbound instanceof Connection connection
                      && !connection.channel().isActive()) {
                    // The connection is gone: write nothing. As Reactor Netty itself reports it,
                    // the request provably never went out. Not to be reused either, so that this
                    // error, like the refused send's below (an abandoned attempt may meet a
                    // closed channel too), closes it quietly instead of a WARN with a stack trace.
                    connection.markPersistent(false);
                    return Mono.error(AbortedException.beforeSend());
                  }
                  if (!tracker.claimSending()) {
                    // A deadline or a cancel abandoned the attempt first, and has told the caller
                    // that it was not sent: write nothing. Nobody listens for this error, and
                    // Reactor Netty logs a send function's error on a persistent connection at
                    // WARN with its stack trace (the cancel may reach it only later); on a
                    // connection that is not to be reused it just closes it, quietly.
                    if (outbound instanceof Connection connection) {
                      connection.markPersistent(false);
                    }
                    return Mono.error(AbortedException.beforeSend());
                  }
                  if (authorization != null) {
                    outgoing.header(HttpHeaderNames.AUTHORIZATION, authorization);
                  }
                  if (jsonBody == null) {
                    // Completing without a body: Reactor Netty sends the bodiless request.
                    return Mono.empty();
                  }
                  outgoing
                      .requestHeaders()
                      .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                      .setInt(HttpHeaderNames.CONTENT_LENGTH, jsonBody.length);
                  return outbound.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(jsonBody)));
                });
    return request
        .responseConnection(
            (response, connection) -> {
              long announced =
                  contentLength(response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
              if (announced > maxBodyBytes) {
                connection.dispose();
                return Mono.error(new BodyCollector.TooLargeException());
              }
              String retryAfter = response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER);
              String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
              int status = response.status().code();
              return connection
                  .inbound()
                  .receive()
                  .collect(
                      () -> new BodyCollector(maxBodyBytes, announced),
                      (collector, chunk) -> collector.append(chunk))
                  .map(c -> new RawResponse(status, retryAfter, contentType, c.toByteArray()))
                  .doOnError(e -> connection.dispose());
            })
        .next()
        // Every abandoning party cancels after abandon() (AttemptTracker): a connection still on
        // its way to the send (its TLS handshake in progress) is closed, quietly, here.
        .doOnCancel(() -> closeIfAbandoned(opened))
        .contextWrite(context -> context.put(Opened.class, opened))
        .onErrorMap(
            e -> !(e instanceof SunshineOAuthException),
            // The same claim as the deadline's: once this says "not sent", nothing is sent.
            e -> translate(operation, url, e, !tracker.abandon()));
  }

  /**
   * The channel initializer's hook: records a new connection in the {@link Opened} of the exchange
   * whose acquire made it, puts a {@link QuietClose} on it, and closes it at once when that
   * exchange was already abandoned (the pool goes on connecting after its borrower went away). Runs
   * on the event loop.
   */
  private static void noteOpened(
      ConnectionObserver observer, Channel channel, @Nullable SocketAddress address) {
    Opened opened = observer.currentContext().getOrDefault(Opened.class, null);
    if (opened == null) {
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    QuietClose quiet = new QuietClose(opened);
    if (pipeline.get(NettyPipeline.ReactiveBridge) != null) {
      pipeline.addBefore(NettyPipeline.ReactiveBridge, QUIET_CLOSE, quiet);
    } else {
      pipeline.addLast(QUIET_CLOSE, quiet); // Reactor Netty adds its handler after this hook
    }
    opened.channel = channel;
    if (opened.abandoned) {
      closeIfStillOwned(opened, channel);
    }
  }

  /**
   * On the cancel of an exchange: when its attempt was abandoned before the send (so the request
   * never goes out), closes the connection opened for it. Reactor Netty keeps such a connection,
   * its TLS handshake still in progress, after the cancel; when the server then resets it or the
   * pool closes it, the error would reach Reactor Netty's connection observer, which logs it at
   * WARN with its stack trace ({@link QuietClose} ends it at DEBUG instead). The two volatile
   * writes, each followed by a read of the other's field, make sure that this or {@link
   * #noteOpened} closes it (or both: the close is idempotent).
   */
  private static void closeIfAbandoned(Opened opened) {
    if (!opened.tracker.abandon()) {
      return; // the request may have gone out: the exchange's own end releases the connection
    }
    opened.abandoned = true;
    Channel channel = opened.channel;
    if (channel != null) {
      closeIfStillOwned(opened, channel);
    }
  }

  /**
   * Closes {@code channel} on its event loop (never blocks the caller), unless the pool has
   * meanwhile handed it to another exchange.
   */
  private static void closeIfStillOwned(Opened opened, Channel channel) {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (QuietClose.owner(channel, opened) == opened) {
                channel.close();
              }
            });
  }

  /** The connection a Reactor Netty exchange made for one attempt, once it has one. */
  private static final class Opened {
    final AttemptTracker tracker;
    volatile @Nullable Channel channel;
    volatile boolean abandoned;

    Opened(AttemptTracker tracker) {
      this.tracker = tracker;
    }
  }

  /**
   * Sits before Reactor Netty's handler on each connection the transport makes. While the exchange
   * that holds the connection has abandoned its attempt before the send, what the connection
   * observes (the handshake cut short, a reset, the close) is expected and nobody's failure: it
   * ends here at DEBUG, and the connection is closed, instead of reaching Reactor Netty's observer
   * (a WARN with the stack trace). Any other error passes on untouched.
   */
  private static final class QuietClose extends ChannelInboundHandlerAdapter {
    private final Opened creator;

    QuietClose(Opened creator) {
      this.creator = creator;
    }

    /**
     * The exchange that holds {@code channel}: the last to acquire it (the pool gives the channel
     * that exchange's context), else the one it was made for.
     */
    static @Nullable Opened owner(Channel channel, Opened creator) {
      ContextView holder = ReactorNetty.getChannelContext(channel);
      return holder == null ? creator : holder.getOrDefault(Opened.class, null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Opened owner = owner(ctx.channel(), creator);
      if (owner == null || !owner.abandoned) {
        ctx.fireExceptionCaught(cause);
        return;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("The connection of an abandoned attempt closes: {}", cause.toString());
      }
      ctx.close();
    }
  }

  /** The announced body length, or -1 when absent or unreadable (the collector still caps). */
  private static long contentLength(@Nullable String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return header == null || header.isEmpty() ? -1L : Long.MAX_VALUE;
    }
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) < '0' || header.charAt(i) > '9') {
        return -1L;
      }
    }
    return Long.parseLong(header);
  }

  /**
   * Maps a Reactor Netty or JDK I/O error to this library's error tree.
   *
   * @param operation the call
   * @param url the request's URL: its host and port name the server in a transport error
   * @param error the error
   * @param requestStarted whether the request started to go out; when not, it provably never
   *     reached the server
   */
  SunshineOAuthException translate(
      Operation operation, URI url, Throwable error, boolean requestStarted) {
    String endpoint = endpoint(url);
    if (error instanceof ConnectTimeoutException) {
      return new SunshineTimeoutException(
          operation, Deadline.CONNECT, connectTimeout, 1, false, error);
    }
    if (error instanceof PoolAcquireTimeoutException) {
      return new SunshineTimeoutException(
          operation, Deadline.POOL_ACQUIRE, poolAcquireTimeout, 1, false, error);
    }
    if (error instanceof BodyCollector.TooLargeException) {
      return transport(operation, endpoint, Reason.BODY_TOO_LARGE, true, error);
    }
    if (error instanceof PoolAcquirePendingLimitException) {
      return transport(operation, endpoint, Reason.POOL_EXHAUSTED, false, error);
    }
    if (error instanceof ConnectException
        || error instanceof UnknownHostException
        || error instanceof NoRouteToHostException) {
      return transport(operation, endpoint, Reason.CONNECT_FAILED, false, error);
    }
    if (hasCause(error, SSLException.class)) {
      return transport(operation, endpoint, Reason.TLS_FAILED, requestStarted, error);
    }
    if (error instanceof AbortedException && isClosedBeforeSend(error)) {
      return transport(operation, endpoint, Reason.CLOSED_BEFORE_REQUEST, false, error);
    }
    if (error instanceof PrematureCloseException
        || error instanceof AbortedException
        || error instanceof IOException) {
      return requestStarted
          ? transport(operation, endpoint, Reason.CLOSED_DURING_EXCHANGE, true, error)
          : transport(operation, endpoint, Reason.CLOSED_BEFORE_REQUEST, false, error);
    }
    if (error instanceof DecoderException) {
      return transport(operation, endpoint, Reason.MALFORMED_HTTP, true, error);
    }
    return transport(operation, endpoint, Reason.OTHER, requestStarted, error);
  }

  private static SunshineTransportException transport(
      Operation operation,
      String endpoint,
      Reason reason,
      boolean mayHaveBeenProcessed,
      Throwable cause) {
    return new SunshineTransportException(operation, reason, mayHaveBeenProcessed, cause, endpoint);
  }

  /** {@code host:port} of {@code url}: the port given, else the scheme's (443, or 80 for http). */
  static String endpoint(URI url) {
    int port = url.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }
    return url.getHost() + ":" + port;
  }

  private static boolean isClosedBeforeSend(Throwable error) {
    String beforeSend =
        Objects.requireNonNull(
            AbortedException.beforeSend().getMessage(), "Reactor Netty gives this error a message");
    return beforeSend.equals(error.getMessage());
  }

  /**
   * Whether {@code error} or one of its causes is a {@code type}; a looping chain ends the walk.
   */
  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    // initCause refuses only the throwable itself: A caused by B caused by A is possible, and a
    // getCause() override may return anything. Runs on the error path only.
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
