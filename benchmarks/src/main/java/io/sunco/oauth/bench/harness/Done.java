package io.sunco.oauth.bench.harness;

import java.util.function.BiConsumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/** The subscriber every Reactor-based client ends in: one value, or an error, to a callback. */
final class Done implements CoreSubscriber<String> {

  private final BiConsumer<String, Throwable> done;
  private String value;

  Done(BiConsumer<String, Throwable> done) {
    this.done = done;
  }

  @Override
  public void onSubscribe(Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String token) {
    value = token;
  }

  @Override
  public void onError(Throwable error) {
    done.accept(null, error);
  }

  @Override
  public void onComplete() {
    if (value == null) {
      done.accept(null, new IllegalStateException("completed without a token"));
    } else {
      done.accept(value, null);
    }
  }
}
