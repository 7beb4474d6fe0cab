package io.sunco.oauth.cli;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Reactor Netty client that {@code login} and {@code demo} hand to the library (through its
 * public {@code httpClient(..)} option), watched so that the command knows when a token was issued
 * and when a revocation has been answered. When a flow is cancelled (Ctrl-C, the login's deadline)
 * after the token was issued, the library revokes it in the background; the command waits for that
 * answer, briefly, before it closes the connection pool and the JVM ends. The hooks run on the
 * event loop and only set flags.
 */
final class RevocationWatch implements AutoCloseable {

  /** The longest a command waits for a revocation after a cancellation. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final ConnectionProvider provider =
      ConnectionProvider.builder("sunco-oauth-cli").maxConnections(8).build();
  private final AtomicBoolean tokenIssued = new AtomicBoolean();
  private final AtomicBoolean revoked = new AtomicBoolean();
  private final CountDownLatch revocationAnswered = new CountDownLatch(1);
  private final HttpClient httpClient;

  RevocationWatch() {
    this.httpClient =
        HttpClient.create(provider)
            .doOnResponse(
                (response, connection) -> {
                  if (response.method().equals(HttpMethod.POST)
                      && response.status().code() / 100 == 2) {
                    tokenIssued.set(true);
                  } else if (response.method().equals(HttpMethod.DELETE)) {
                    revoked.compareAndSet(false, response.status().code() / 100 == 2);
                    revocationAnswered.countDown();
                  }
                })
            .doOnResponseError(
                (response, error) -> {
                  if (response.method().equals(HttpMethod.DELETE)) {
                    revocationAnswered.countDown();
                  }
                })
            .doOnRequestError(
                (request, error) -> {
                  if (request.method().equals(HttpMethod.DELETE)) {
                    revocationAnswered.countDown();
                  }
                });
  }

  /** The client to pass to {@code SunshineOAuthClient.builder().httpClient(..)}. */
  HttpClient httpClient() {
    return httpClient;
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
   * After a cancellation: when a token was issued, waits up to {@link #MAX_WAIT} for the library's
   * revocation to be answered. Blocks: never on an event loop.
   *
   * @return whether a revocation was answered (or none was needed)
   */
  boolean awaitRevocation() {
    if (!tokenIssued.get()) {
      return true;
    }
    try {
      return revocationAnswered.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
