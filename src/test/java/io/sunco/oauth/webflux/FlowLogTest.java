package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.testing.LogLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log line's fields that come from elsewhere: the app id, chosen by the server. */
class FlowLogTest {

  @Test
  void endedWhenAppIdHoldsLineBreaksAndIsLongThenOneCleanedCappedField() {
    FlowLog log = new FlowLog(System::nanoTime);
    String forged =
        "5698edbf\r\nINFO Sunshine OAuth flow refused: outcome=forged " + "x".repeat(500);

    List<String> lines =
        LogLines.during(
            "io.sunco.oauth.webflux",
            () ->
                log.ended(
                    FlowOutcome.SINK_FAILED,
                    "/oauth/sunshine/callback",
                    500,
                    "SAVE",
                    forged,
                    "java.lang.IllegalStateException"));

    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).doesNotContain("\r", "\n");
              String app = line.substring(line.indexOf(" app=") + 5, line.indexOf(" cause="));
              assertThat(app).startsWith("5698edbf").endsWith(UntrustedText.ELLIPSIS).hasSize(64);
            });
  }
}
