package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The holder of the connection the Redis store opens on the application's {@link RedisClient}: one
 * connection however often it is asked, closed once with the context, and nothing to close when the
 * store never opened one.
 */
class OpenedConnectionTest {

  /** Counts the connections a client opened and how often they were closed. */
  private static final class CountingClient extends RedisClient {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    CountingClient() {
      super(null, RedisURI.create("redis://127.0.0.1"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
      opened.incrementAndGet();
      return (StatefulRedisConnection<K, V>)
          Proxy.newProxyInstance(
              OpenedConnectionTest.class.getClassLoader(),
              new Class<?>[] {StatefulRedisConnection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  closed.incrementAndGet();
                  return null;
                }
                throw new UnsupportedOperationException(method.getName());
              });
    }
  }

  @Test
  void closeWhenAConnectionWasOpenedThenItIsClosedOnce() {
    CountingClient client = new CountingClient();
    try {
      SunshineOAuthRedisAutoConfiguration.OpenedConnection holder =
          new SunshineOAuthRedisAutoConfiguration.OpenedConnection();

      assertThat(holder.open(client)).isSameAs(holder.open(client));
      holder.close();

      assertThat(client.opened).hasValue(1);
      assertThat(client.closed).hasValue(1);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void closeWhenNothingWasOpenedThenDoesNothing() {
    assertThatNoException()
        .isThrownBy(() -> new SunshineOAuthRedisAutoConfiguration.OpenedConnection().close());
  }
}
