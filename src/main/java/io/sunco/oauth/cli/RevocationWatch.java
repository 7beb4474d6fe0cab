package io.sunco.oauth.cli;

import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.SunshineOAuthClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Reactor Netty client that {@code login} and {@code token} hand to the library (through its
 * public {@code httpClient(..)} option), watched so that the command knows whether a token request
 * is on its way, whether a token was issued, and when a revocation has been answered.
 *
 * <p>At a stop (Ctrl-C, the deadline) {@link #stopTokenRequests()} decides, against the event loop,
 * whether a token request went out: either the request's hook ran first (it went out: wait for its
 * answer), or the stop did, and the request, if it still comes, closes its connection before its
 * first byte (nothing went out: the exchange can be cancelled at once).
 *
 * <p>When a flow is cancelled (Ctrl-C, the login's deadline), {@link
 * SunshineOAuthClient#completeAuthorization} lets a token request already sent run on and revokes,
 * in the background, a token issued before or after the cancellation. The command has to wait for
 * that before it closes the connection pool and the JVM ends, or the revocation would be cut off:
 * {@link #awaitRevocation()} waits for it, bounded. The hooks run on the event loop and only set
 * flags.
 */
final class RevocationWatch implements AutoCloseable {

  /**
   * The longest {@link #awaitRevocation()} waits: a token request that is on its way (its attempt
   * deadline, the library's default 10 s, is what bounds it) and the revocation that follows
   * ({@link SunshineOAuthClient#DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE}).
   */
  static final Duration MAX_WAIT =
      Duration.ofSeconds(10).plus(SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE);

  private final ConnectionProvider provider =
      ConnectionProvider.builder("sunco-oauth-cli").maxConnections(8).build();
  private final AtomicBoolean tokenRequested = new AtomicBoolean();

  /** No token request on its way; one may go. */
  private static final int OPEN = 0;

  /** A token request went out (its hook ran before any stop). */
  private static final int ON_ITS_WAY = 1;

  /** Stopped first: a token request that still comes writes nothing. */
  private static final int STOPPED = 2;

  private final AtomicInteger tokenGate = new AtomicInteger(OPEN);
  private final CountDownLatch tokenAnswered = new CountDownLatch(1);
  private final AtomicBoolean tokenIssued = new AtomicBoolean();
  private final AtomicBoolean revoked = new AtomicBoolean();
  private final CountDownLatch revocationAnswered = new CountDownLatch(1);
  private final HttpClient httpClient;

  /**
   * @param tls adds the TLS trust of {@code --ca-file} to the client, or leaves it as it is
   */
  RevocationWatch(UnaryOperator<HttpClient> tls) {
    this.httpClient =
        tls.apply(HttpClient.create(provider))
            .doOnRequest(
                (request, connection) -> {
                  if (request.method().equals(HttpMethod.POST)) {
                    tokenRequested.set(true);
                    if (!tokenGate.compareAndSet(OPEN, ON_ITS_WAY) && tokenGate.get() == STOPPED) {
                      // The hooks run before the send function on this event loop: a closed
                      // connection makes it write nothing, quietly (not to be reused).
                      connection.markPersistent(false);
                      connection.channel().close();
                    }
                  }
                })
            .doOnResponse(
                (response, connection) -> {
                  int status = response.status().code();
                  if (response.method().equals(HttpMethod.POST)) {
                    tokenIssued.compareAndSet(false, status / 100 == 2);
                    tokenAnswered.countDown();
                  } else if (response.method().equals(HttpMethod.DELETE)) {
                    revoked.compareAndSet(false, status / 100 == 2);
                    revocationAnswered.countDown();
                  }
                })
            .doOnResponseError((response, error) -> ended(response.method()))
            .doOnRequestError((request, error) -> ended(request.method()));
  }

  private void ended(HttpMethod method) {
    if (method.equals(HttpMethod.POST)) {
      tokenAnswered.countDown();
    } else if (method.equals(HttpMethod.DELETE)) {
      revocationAnswered.countDown();
    }
  }

  /** The client to pass to {@code SunshineOAuthClient.builder().httpClient(..)}. */
  HttpClient httpClient() {
    return httpClient;
  }

  /**
   * Before another token request of the same command (after one that provably never reached the
   * server): lets it go, unless the command stopped.
   */
  void nextTokenRequest() {
    tokenGate.compareAndSet(ON_ITS_WAY, OPEN);
  }

  /**
   * At a stop: no token request goes out from now on, unless one already did.
   *
   * @return {@code true} when none went out since the last {@link #nextTokenRequest()} (and none
   *     will): the exchange may be cancelled; {@code false} when one went out: its answer may carry
   *     a token
   */
  boolean stopTokenRequests() {
    return tokenGate.compareAndSet(OPEN, STOPPED) || tokenGate.get() == STOPPED;
  }

  /** Whether a token request was answered with a 2xx: a token may exist. */
  boolean tokenIssued() {
    return tokenIssued.get();
  }

  /** Whether a revocation was answered with a 2xx: the token no longer works. */
  boolean revoked() {
    return revoked.get();
  }

  /**
   * After a cancellation: waits, up to {@link #MAX_WAIT} in all, for a token request on its way to
   * be answered, then, when a token was issued, for the library's revocation to be answered.
   * Blocks: never on an event loop.
   *
   * @return whether nothing is left to wait for: no token, or its revocation answered
   */
  boolean awaitRevocation() {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    try {
      if (tokenRequested.get()
          && !tokenAnswered.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return false;
      }
      return !tokenIssued.get()
          || revocationAnswered.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes the connection pool. Blocks briefly. */
  @Override
  public void close() {
    provider.disposeLater().block(Duration.ofSeconds(5));
  }
}
