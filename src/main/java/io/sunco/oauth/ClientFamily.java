package io.sunco.oauth;

import io.sunco.oauth.internal.InFlightCalls;
import io.sunco.oauth.policy.PoolSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What a client built by {@code SunshineOAuthClient.builder()} shares with every client derived
 * from it: the connection pool (or the user's {@code HttpClient}), the token exchanges in flight,
 * and the closed flag. (The retry budget and the observation registry are passed on to a derived
 * client by its builder, which may replace them.)
 *
 * @param ownedProvider the pool the family created, or null when the user passed an HttpClient
 * @param http the family's HttpClient: no redirects, no silent retry; each client adds its headers
 *     and connect timeout
 * @param tokenExchanges the {@code getToken} exchanges in flight
 * @param grants the {@code completeAuthorization} exchanges in flight, each with the guard of its
 *     token
 * @param closed set once the family's root client is closed
 * @param detached the exchanges and revokes of {@code completeAuthorization} that run apart from
 *     every caller, which closing waits for
 */
record ClientFamily(
    @Nullable ConnectionProvider ownedProvider,
    HttpClient http,
    InFlightCalls<ExchangeKey, AccessToken> tokenExchanges,
    ConcurrentMap<ExchangeKey, GrantGuard> grants,
    AtomicBoolean closed,
    DetachedWork detached) {

  static ClientFamily create(@Nullable HttpClient userClient, PoolSettings pool) {
    ConnectionProvider owned = null;
    HttpClient http;
    if (userClient != null) {
      http = userClient;
    } else {
      owned =
          ConnectionProvider.builder("sunco-oauth")
              .maxConnections(pool.maxConnections())
              .pendingAcquireMaxCount(pool.maxPendingAcquires())
              .pendingAcquireTimeout(pool.acquireTimeout())
              .maxIdleTime(pool.maxIdleTime())
              .build();
      http = HttpClient.create(owned);
    }
    return new ClientFamily(
        owned,
        // One retry layer only: Reactor Netty's silent retry would make attempts uncountable.
        http.followRedirect(false).disableRetry(true),
        new InFlightCalls<>(),
        new ConcurrentHashMap<>(),
        new AtomicBoolean(),
        new DetachedWork());
  }
}
