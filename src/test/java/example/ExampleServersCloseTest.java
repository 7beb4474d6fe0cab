package example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guides' example servers stop serving on {@code close()}: a browser's keep-alive connection
 * opened before is closed by it, and a request sent on it afterwards gets no answer (it would be
 * served with a closed client otherwise).
 */
class ExampleServersCloseTest {

  /** Long enough for a loaded machine; reached only when a server does not close. */
  private static final int READ_TIMEOUT_MILLIS = 20_000;

  private SunshineOAuthClient client;

  @BeforeEach
  void buildClient() {
    // Never called here: the routes used below do no I/O of the client's.
    client =
        SunshineOAuthClient.builder()
            .clientId("client-id")
            .clientSecret("client-secret")
            .baseUrl("http://127.0.0.1:9")
            .build();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  /**
   * An example server: how to start it on any free port, how to learn that port, and the path of a
   * route that answers without I/O.
   */
  record Server<T extends AutoCloseable>(
      String name, String path, Function<SunshineOAuthClient, T> start, ToIntFunction<T> port) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> servers() {
    String url = "https://bot.example.com";
    return Stream.of(
        Arguments.of(
            new Server<>(
                "NettyConnectApp",
                "/connect",
                client -> new NettyConnectApp(client, url, 0),
                NettyConnectApp::port)),
        Arguments.of(
            new Server<>(
                "ConnectApp", "/", client -> new ConnectApp(client, url, 0), ConnectApp::port)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  <T extends AutoCloseable>
      void closeWhenAKeepAliveConnectionIsOpenThenItIsClosedAndNoLaterRequestIsServed(
          Server<T> server) throws Exception {
    T app = server.start().apply(client);
    try (Socket browser =
        new Socket(InetAddress.getLoopbackAddress(), server.port().applyAsInt(app))) {
      browser.setSoTimeout(READ_TIMEOUT_MILLIS);
      send(browser, server.path());
      assertThat(readHead(browser.getInputStream())).startsWith("HTTP/1.1 ").contains("\r\n");

      app.close();

      // The connection was kept alive: a second request on it must find it closed.
      try {
        send(browser, server.path());
      } catch (SocketException closedAlready) {
        // Reset before the request went out: closed, as it must be.
      }
      assertThat(readRest(browser.getInputStream())).isEmpty();
    } finally {
      app.close();
    }
  }

  private static void send(Socket socket, String path) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The status line and headers, then the body that Content-Length announces. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the headers: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length =
        text.lines()
            .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
            .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip()))
            .findFirst()
            .orElseThrow(() -> new IOException("no Content-Length, so no keep-alive: " + text));
    in.readNBytes(length);
    return text;
  }

  /** Whatever arrives until the peer closes (or resets) the connection. */
  private static String readRest(InputStream in) throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    try {
      in.transferTo(rest);
    } catch (SocketException reset) {
      // Closed with a reset: nothing more arrives.
    } catch (SocketTimeoutException stillOpen) {
      rest.writeBytes("(the connection is still open)".getBytes(StandardCharsets.US_ASCII));
    }
    return rest.toString(StandardCharsets.US_ASCII);
  }
}
