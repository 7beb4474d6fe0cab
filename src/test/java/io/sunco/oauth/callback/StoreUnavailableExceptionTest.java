package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreUnavailableExceptionTest {

  @Test
  void timedOutWhenMadeThenNamesOperationAndDeadlineAndHasNoCause() {
    StoreUnavailableException e =
        StoreUnavailableException.timedOut(Operation.CONSUME, Duration.ofSeconds(2));

    assertThat(e)
        .hasMessage("The state store did not answer in time (consume a state, deadline PT2S)")
        .hasNoCause();
    assertThat(e.operation()).isEqualTo(Operation.CONSUME);
    assertThat(e.deadline()).contains(Duration.ofSeconds(2));
  }

  @Test
  void failedWhenMadeThenNamesOperationAndCauseTypeOnlyAndKeepsTheCause() {
    IOException cause = new IOException("connection to redis://:secret@host refused");

    StoreUnavailableException e = StoreUnavailableException.failed(Operation.SAVE, cause);

    assertThat(e)
        .hasMessage("The state store is unavailable (save a state: IOException)")
        .hasCause(cause);
    assertThat(e.getMessage()).doesNotContain("secret");
    assertThat(e.operation()).isEqualTo(Operation.SAVE);
    assertThat(e.deadline()).isEmpty();
  }

  @Test
  void factoriesWhenEveryOperationThenEachHasItsOwnWording() {
    assertThat(StoreUnavailableException.failed(Operation.CONNECT, new IOException()))
        .hasMessageContaining("(connect: IOException)");
    assertThat(StoreUnavailableException.timedOut(Operation.MARK_USED, Duration.ofMillis(5)))
        .hasMessageContaining("(mark a state used, deadline PT0.005S)");
  }

  @Test
  void factoriesWhenAConnectedAppOperationThenTheMessageNamesTheConnectedAppStore() {
    assertThat(StoreUnavailableException.timedOut(Operation.READ_RECORDS, Duration.ofSeconds(2)))
        .hasMessage(
            "The connected-app store did not answer in time (read connected apps, deadline PT2S)");
    assertThat(StoreUnavailableException.failed(Operation.WRITE_RECORD, new IOException()))
        .hasMessage("The connected-app store is unavailable (write a connected app: IOException)");
  }

  @Test
  void factoriesWhenArgumentNullThenThrow() {
    assertThatThrownBy(() -> StoreUnavailableException.timedOut(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StoreUnavailableException.timedOut(Operation.SAVE, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StoreUnavailableException.failed(null, new IOException()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StoreUnavailableException.failed(Operation.SAVE, null))
        .isInstanceOf(NullPointerException.class);
  }
}
