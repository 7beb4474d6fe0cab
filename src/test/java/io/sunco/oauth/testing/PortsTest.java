package io.sunco.oauth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void unusedWhenCalledThenOutsideTheEphemeralRangeAndFreeToBind() throws IOException {
    int[] ephemeral = Ports.ephemeralRange();

    int port = Ports.unused();

    assertThat(port).isBetween(1025, 65535);
    assertThat(port < ephemeral[0] || port > ephemeral[1]).as("port %d", port).isTrue();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void unusedWhenNothingStartedThenConnectionsAreRefused() {
    int port = Ports.unused();

    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void drawRangeWhenMoreRoomBelowThenTheSpanJustBelowTheRange() {
    assertThat(Ports.drawRange(new int[] {32768, 60999})).containsExactly(22768, 32767);
    assertThat(Ports.drawRange(new int[] {5000, 63000})).containsExactly(1025, 4999);
  }

  @Test
  void drawRangeWhenTheEphemeralRangeCoversEveryUserPortThenEmpty() {
    int[] draw = Ports.drawRange(new int[] {1025, 65535});

    assertThat(draw[0]).isGreaterThan(draw[1]);
  }

  @Test
  void drawRangeWhenMoreRoomAboveThenTheSpanJustAboveTheRange() {
    assertThat(Ports.drawRange(new int[] {2000, 30000})).containsExactly(30001, 40000);
    assertThat(Ports.drawRange(new int[] {1100, 60000})).containsExactly(60001, 65535);
  }
}
