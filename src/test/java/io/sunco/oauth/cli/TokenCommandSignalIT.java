package io.sunco.oauth.cli;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Revocations;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sunco-oauth token} as a process, guarded like {@code login}: a signal or the deadline
 * during the token answer ends the wait, not the request, and the token that arrives afterwards is
 * revoked before the process ends. The token answer is held by a {@link HoldingRelay} in front of
 * the emulator (the emulator has issued the token) and released on an event: after the CLI said it
 * is stopping, or once the deadline under test has certainly passed for the CLI. No time race.
 *
 * <p>Over plain http only: the relay holds the answer at the byte level, which it cannot find
 * inside a TLS stream. The command's TLS path is {@code TokenCommandIT}'s, over http and https.
 */
class TokenCommandSignalIT {

  static final String CLIENT_ID = TokenCommandIT.CLIENT_ID;
  static final String SECRET = TokenCommandIT.SECRET;
  static final App APP = TokenCommandIT.APP;

  private SunshineOAuthEmulator emulator;
  private SunshineOAuthClient checker;
  private HoldingRelay relay;

  @BeforeEach
  void start() throws IOException {
    emulator =
        EmulatorChecks.emulator(CLIENT_ID, SECRET, "https://bot.example.com/callback", APP).start();
    checker = EmulatorChecks.checker(emulator).build();
    relay = new HoldingRelay(emulator.port());
  }

  @AfterEach
  void stop() {
    relay.close();
    checker.close();
    emulator.close();
  }

  private CliProcess token(String baseUrl, String code, String... more) {
    return CliProcess.start(
        TokenCommandIT.ENV,
        Wire.append(
            new String[] {"token", "--base-url", baseUrl, "--client-id", CLIENT_ID, "--code", code},
            more));
  }

  /**
   * The CLI process started with {@code code}: found among this JVM's children by its arguments, so
   * that a signal can be sent without waiting for the end (CliProcess.terminate() waits).
   */
  private static ProcessHandle processOf(String code) {
    return ProcessHandle.current()
        .children()
        .filter(
            child ->
                child.info().arguments().map(args -> List.of(args).contains(code)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CLI process with that code"));
  }

  /** Every token the emulator issued in this test (one exchange): none may still work. */
  private void assertTheIssuedTokenIsDead() throws InterruptedException {
    AccessToken issued = AccessToken.bearer(relay.issuedToken());
    assertThat(Revocations.revokedToken(emulator)).isEqualTo(issued);
    Revocations.assertRefused(checker, issued);
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"TERM, 143", "INT, 130"})
  void tokenWhenSignalledWhileTheAnswerIsHeldThenRevokesTheTokenBeforeTheProcessEnds(
      String signal, int exitCode) throws Exception {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
    try (CliProcess token = token(relay.baseUrl(), code, "--show-token")) {
      EmulatorChecks.awaitRequest(
          emulator,
          SunshineOAuthEmulator.TOKEN_PATH); // the emulator issued the token; its answer is held
      ProcessHandle process = processOf(code);

      // kill(1) for SIGINT: the JDK sends only SIGTERM and SIGKILL.
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      assertThat(kill.waitFor()).isZero();
      token.err.await(Pattern.compile(Pattern.quote(TokenCommand.WAITING_LINE)));
      relay.release();
      CliProcess.Result run = token.awaitExit();

      assertTheIssuedTokenIsDead();
      // The JVM ends with 128 + the signal once the hook let the command finish.
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              TokenCommand.WAITING_LINE
                  + "\nsunco-oauth token: interrupted during the token exchange; the token issued"
                  + " after it has been revoked\n");
      assertThat(run.all()).doesNotContain(relay.issuedToken()).doesNotContain(SECRET);
      assertThat(run.all()).doesNotContain(code);
    }
  }

  /**
   * The request has to go out before {@code --timeout} for the case to happen: a round where the
   * CLI stopped first (a loaded machine; it then says nothing was sent) runs again with twice the
   * timeout, up to 8 s (the held answer must still come within the request's 10 s deadline).
   */
  @Test
  void tokenWhenTheDeadlinePassesWhileTheAnswerIsHeldThenRevokesTheLateTokenAndExits4()
      throws Exception {
    for (Duration timeout = Duration.ofSeconds(1); ; timeout = timeout.multipliedBy(2)) {
      assertThat(timeout).as("a token request sent within --timeout").isLessThan(ofSeconds(9));
      relay.close();
      relay = new HoldingRelay(emulator.port());
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      try (CliProcess token =
          token(
              relay.baseUrl(),
              code,
              "--show-token",
              "--json",
              "--timeout",
              timeout.toMillis() + "ms")) {
        if (!tokenRequestOrStopBeforeIt(token)) {
          assertThat(token.awaitExit().err()).contains("before the token request went out");
          continue;
        }
        // The CLI's deadline counts from its start, before the request reached the relay: once
        // --timeout has passed since then, any answer comes after the CLI's deadline. The answer
        // then still comes long before the request's own attempt deadline (10 s).
        relay.releaseAfterTheRequestArrivedPlus(timeout);
        CliProcess.Result run = token.awaitExit();

        assertTheIssuedTokenIsDead();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.err())
            .isEqualTo(
                "sunco-oauth token: timed out after "
                    + Durations.format(timeout)
                    + " during the token exchange; the token issued after it has been revoked\n");
        JsonNode json = Misbehaving.parse(run.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("exitCode").asInt()).isEqualTo(4);
        assertThat(json.has("accessToken")).isFalse();
        assertThat(run.all()).doesNotContain(relay.issuedToken()).doesNotContain(SECRET);
        return;
      }
    }
  }

  /** Waits for the token request at the emulator, or for the CLI's line that it never went out. */
  private boolean tokenRequestOrStopBeforeIt(CliProcess token) throws InterruptedException {
    long end = System.nanoTime() + CliProcess.LIMIT.toNanos();
    while (System.nanoTime() - end < 0) {
      Optional<RecordedRequest> next = emulator.takeRequest(Duration.ofMillis(100));
      if (next.isPresent()
          && next.get().pathWithoutQuery().equals(SunshineOAuthEmulator.TOKEN_PATH)) {
        return true;
      }
      if (token.err.toString().contains("before the token request went out")) {
        return false;
      }
    }
    throw new AssertionError("neither a token request nor the CLI's stop:\n" + token.err);
  }

  @Test
  void tokenWhenSignalledBeforeTheRequestGoesOutThenSendsNothingAndSaysTheCodeIsUnused()
      throws Exception {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
    // Answers 429 with a Retry-After far beyond the signal: the command waits to try again.
    emulator.enqueue(ScriptedResponse.rateLimited(30).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
    try (CliProcess token = token(emulator.baseUrl(), code, "--timeout", "60s")) {
      token.err.await(Pattern.compile(Pattern.quote(TokenCommand.RATE_LIMITED_LINE + "30s")));
      CliProcess.Result run = token.terminate();

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
      assertThat(run.err())
          .startsWith(TokenCommand.RATE_LIMITED_LINE + "30s\n")
          .contains(
              "\nsunco-oauth token: interrupted before the token request went out: nothing was"
                  + " sent, the code was not used (the last attempt: getToken failed: HTTP 429")
          .hasLineCount(2);
      // No second POST after the stop, and the code still works.
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
      assertThat(EmulatorChecks.tokenInfoStatus(emulator, accessTokenFor(code))).isEqualTo(200);
    }
  }

  private String accessTokenFor(String code) {
    try (SunshineOAuthClient integration =
        EmulatorChecks.checker(emulator).clientId(CLIENT_ID).clientSecret(SECRET).build()) {
      AccessToken token = integration.getToken(code).block(CliRun.WAIT);
      assertThat(token).isNotNull();
      return token.value();
    }
  }

  @Test
  void tokenWhenShowTokenThenStdoutCarriesTheTokenAloneAndTheRestGoesToStderr() {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());

    CliProcess.Result run = token(emulator.baseUrl(), code, "--show-token").awaitExit();

    assertThat(run.exitCode()).as(run.toString()).isZero();
    // What $(sunco-oauth token ... --show-token) captures: the token, with no other word.
    String token = run.out().strip();
    assertThat(run.out()).isEqualTo(token + "\n");
    assertThat(EmulatorChecks.tokenInfoStatus(emulator, token)).isEqualTo(200);
    assertThat(run.err()).startsWith("Access token issued (Bearer), kept").doesNotContain(token);
    assertThat(emulator.requestCount(SunshineOAuthEmulator.AUTHORIZATION_PATH)).isZero();
  }

  /**
   * A loopback TCP relay in front of the emulator: passes every byte both ways, except that the
   * answer on the first connection (the token request's) is held until released. The emulator has
   * the request, and has issued the token, while its answer waits here.
   */
  static final class HoldingRelay implements AutoCloseable {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private final ServerSocket server;
    private final int upstreamPort;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final StringBuffer heldAnswer = new StringBuffer();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long requestArrivedNanos;

    HoldingRelay(int upstreamPort) throws IOException {
      this.upstreamPort = upstreamPort;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      daemon("relay-accept", this::acceptLoop);
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    void release() {
      released.countDown();
    }

    /** Releases the held answer once {@code delay} has passed since the request reached here. */
    void releaseAfterTheRequestArrivedPlus(Duration delay) throws InterruptedException {
      long wait = requestArrivedNanos + delay.toNanos() - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait + TimeUnit.MILLISECONDS.toNanos(1));
      }
      release();
    }

    /** The access token in the held answer. */
    String issuedToken() {
      Matcher matcher = ACCESS_TOKEN.matcher(heldAnswer);
      assertThat(matcher.find()).as("a token in the held answer: " + heldAnswer).isTrue();
      return matcher.group(1);
    }

    private void acceptLoop() {
      try {
        while (true) {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          sockets.add(client);
          sockets.add(upstream);
          boolean hold = first.getAndSet(false);
          daemon("relay-up", () -> pipe(client, upstream, hold, false));
          daemon("relay-down", () -> pipe(upstream, client, false, hold));
        }
      } catch (IOException closed) {
        // The relay was closed.
      }
    }

    /** Copies {@code from} to {@code to}; the first request stamps its arrival, an answer waits. */
    private void pipe(Socket from, Socket to, boolean stampArrival, boolean holdAnswer) {
      byte[] chunk = new byte[8192];
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          if (stampArrival && requestArrivedNanos == 0) {
            requestArrivedNanos = System.nanoTime();
          }
          if (holdAnswer) {
            heldAnswer.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
            released.await();
          }
          out.write(chunk, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // A side closed.
      } finally {
        closeQuietly(to);
      }
    }

    private static void daemon(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }

    @Override
    public void close() {
      released.countDown();
      closeQuietly(server);
      sockets.forEach(HoldingRelay::closeQuietly);
    }
  }
}
