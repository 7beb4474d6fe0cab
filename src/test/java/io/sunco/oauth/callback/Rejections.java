package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Assertions on typed callback rejections. */
final class Rejections {

  private Rejections() {}

  /** For {@code StepVerifier.expectErrorSatisfies}. */
  static Consumer<Throwable> rejectedWith(Reason reason) {
    return error ->
        assertThat(error)
            .isInstanceOf(AuthorizationCallbackException.class)
            .extracting(e -> ((AuthorizationCallbackException) e).reason())
            .isEqualTo(reason);
  }

  /** Subscribes to {@code verification} and checks that it errors with {@code reason}. */
  static void verifyRejected(Mono<?> verification, Reason reason) {
    StepVerifier.create(verification).expectErrorSatisfies(rejectedWith(reason)).verify();
  }

  /** For synchronous code. */
  static void assertRejected(ThrowingCallable call, Reason reason) {
    Assertions.assertThatThrownBy(call).satisfies(rejectedWith(reason)::accept);
  }
}
