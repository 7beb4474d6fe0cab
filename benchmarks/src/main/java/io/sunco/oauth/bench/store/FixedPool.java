package io.sunco.oauth.bench.store;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The smallest connection pool that lets the benchmark show the store on warm connections, as an
 * application with a pool sees it: {@code io.r2dbc:r2dbc-pool} is not among the packages this
 * machine's registry serves, so the benchmark cannot depend on it. {@code size} connections are
 * opened up front; {@link #create()} hands out an idle one (or opens one more, should every one be
 * out: never at the benchmark's concurrency, which is at most {@code size}), and the connection's
 * {@code close()} puts it back instead of closing it. No validation, no eviction, no limit: for
 * this benchmark only, where every call runs one statement to its end on a healthy local server.
 */
final class FixedPool implements ConnectionFactory, AutoCloseable {

  private final ConnectionFactory target;
  private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final List<Connection> all = new CopyOnWriteArrayList<>();

  private FixedPool(ConnectionFactory target) {
    this.target = target;
  }

  /** Opens {@code size} connections of {@code target} (blocking: the main thread only). */
  static FixedPool open(ConnectionFactory target, int size) {
    FixedPool pool = new FixedPool(target);
    List<Connection> opened =
        Flux.range(0, size)
            .flatMap(i -> Mono.<Connection>from(target.create()))
            .collectList()
            .block(Duration.ofSeconds(60));
    if (opened == null || opened.size() != size) {
      throw new IllegalStateException("could not open " + size + " connections");
    }
    pool.all.addAll(opened);
    pool.idle.addAll(opened);
    return pool;
  }

  @Override
  public Publisher<? extends Connection> create() {
    return Mono.defer(
        () -> {
          Connection real = idle.poll();
          if (real != null) {
            return Mono.just(lent(real));
          }
          return Mono.from(target.create())
              .map(
                  opened -> {
                    all.add(opened);
                    return lent(opened);
                  });
        });
  }

  /** A view of {@code real} whose {@code close()} gives it back; every other call goes through. */
  private Connection lent(Connection real) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return Mono.<Void>fromRunnable(() -> idle.offer(real));
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return target.getMetadata();
  }

  /** How many connections the pool has opened. */
  int size() {
    return all.size();
  }

  /** Closes every connection the pool opened (blocking). */
  @Override
  public void close() {
    Flux.fromIterable(all)
        .flatMap(connection -> Mono.from(connection.close()).onErrorResume(e -> Mono.empty()))
        .then()
        .block(Duration.ofSeconds(20));
  }
}
