package io.sunco.oauth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationCode;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.internal.CallbackPage;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The one-shot loopback redirect target of {@code login} (RFC 8252 §7.3): a Reactor Netty server on
 * {@value #HOST} whose {@value #PATH} accepts the first redirect that carries the state the login
 * sent. It parses each redirect and checks its state; one with a wrong, missing or malformed state
 * (a web page's {@code <img>}, a local process, a stale tab) gets a 400 page, is reported through
 * {@link #rejections()}, and changes nothing: the login keeps waiting for the real one. The first
 * trusted redirect goes to the main thread through {@link #callback()}, and the browser gets a
 * small page: at once for a denial, after the main thread's {@link #finish(Page)} for a granted
 * code. Request handling never blocks; {@link #start} and {@link #close()} do, on the main thread.
 */
final class CallbackServer implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final String PATH = "/callback";

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  /** How many rejected callbacks are reported to the terminal; later ones only get their 400. */
  static final int MAX_REPORTED_REJECTIONS = 20;

  /** How long the browser waits for the final page while the code is exchanged. */
  private static final Duration FINAL_PAGE_WAIT = Duration.ofSeconds(60);

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** What came back to the redirect URI with the expected state. */
  sealed interface Outcome permits Granted, Denied {}

  /** A code, with the right state. */
  record Granted(AuthorizationCode code) implements Outcome {}

  /** An {@code error} redirect with the right state: the customer (or the server) said no. */
  record Denied(String error, Optional<String> description) implements Outcome {}

  /** A redirect that cannot be trusted or read: wrong or missing state, malformed query. */
  record Rejected(String reason) {}

  /** A page for the browser. */
  record Page(int status, String html) {}

  private final ExpectedState expectedState;
  private final AtomicBoolean used = new AtomicBoolean();
  private final Sinks.One<Outcome> outcome = Sinks.one();

  /** Unbounded queue, bounded by {@link #rejected}: at most that many are ever emitted. */
  private final Sinks.Many<Rejected> rejections = Sinks.many().unicast().onBackpressureBuffer();

  private final AtomicInteger rejected = new AtomicInteger();
  private final Sinks.One<Page> finalPage = Sinks.one();
  private final Sinks.Empty<Void> answered = Sinks.empty();
  private final DisposableServer server;
  private final URI redirectUri;

  private CallbackServer(int port, String expectedState) {
    this.expectedState = ExpectedState.of(expectedState);
    this.server =
        HttpServer.create().host(HOST).port(port).handle(this::handle).bindNow(BIND_TIMEOUT);
    this.redirectUri = URI.create("http://" + HOST + ":" + server.port() + PATH);
  }

  /**
   * Binds the server; blocks until bound.
   *
   * @param port the port, 0 for any free one (the redirect URI then names the bound port)
   * @param expectedState the state the login sent with the authorize request
   * @throws RuntimeException Reactor Netty's {@code ChannelBindException} when the port is taken
   */
  static CallbackServer start(int port, String expectedState) {
    return new CallbackServer(port, expectedState);
  }

  /** The redirect URI to send: {@code http://127.0.0.1:PORT/callback}, the bound port. */
  URI redirectUri() {
    return redirectUri;
  }

  /**
   * Emits the outcome of the first redirect with the expected state; never errors, never completes
   * empty.
   */
  Mono<Outcome> callback() {
    return outcome.asMono();
  }

  /**
   * Emits each rejected redirect (wrong, missing or malformed state), the first {@value
   * #MAX_REPORTED_REJECTIONS} only; one subscriber; never completes.
   */
  Flux<Rejected> rejections() {
    return rejections.asFlux();
  }

  /** How many redirects were rejected so far, reported or not. */
  int rejectedCount() {
    return rejected.get();
  }

  /** The page the browser gets for a granted code, once the main thread knows how it ended. */
  void finish(Page page) {
    finalPage.tryEmitValue(page);
  }

  /**
   * Waits (briefly) for the browser's answer to be sent, then frees the port. Blocks: main thread
   * only.
   */
  @Override
  public void close() {
    try {
      if (used.get()) {
        finalPage.tryEmitValue(Pages.closing());
        answered.asMono().timeout(CLOSE_WAIT, Mono.empty()).block();
      }
    } finally {
      try {
        server.disposeNow(CLOSE_WAIT);
      } catch (IllegalStateException stillOpen) {
        // A connection outlived the wait; the process is about to end and frees the port.
      }
    }
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String target = request.uri();
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    if (!path.equals(PATH)) {
      return send(response, Pages.notFound());
    }
    if (!request.method().equals(HttpMethod.GET)) {
      response.header(HttpHeaderNames.ALLOW, "GET");
      return send(response, Pages.methodNotAllowed());
    }
    return evaluate(target).flatMap(evaluated -> answer(evaluated, response));
  }

  private Mono<Void> answer(Object evaluated, HttpServerResponse response) {
    if (evaluated instanceof Rejected rejection) {
      // Not the login's redirect: answer it and keep waiting for the real one.
      if (rejected.incrementAndGet() <= MAX_REPORTED_REJECTIONS) {
        rejections.tryEmitNext(rejection);
      }
      return send(response, Pages.rejected(rejection));
    }
    if (!used.compareAndSet(false, true)) {
      return send(response, Pages.alreadyUsed());
    }
    Outcome result = (Outcome) evaluated;
    Mono<Page> page =
        result instanceof Denied denied
            ? Mono.just(Pages.denied(denied))
            : finalPage.asMono().timeout(FINAL_PAGE_WAIT, Mono.fromSupplier(Pages::closing));
    outcome.tryEmitValue(result);
    return page.flatMap(p -> send(response, p)).doFinally(signal -> answered.tryEmitEmpty());
  }

  /**
   * Checks the redirect with the library's callback check (the state first, so that a forged error
   * redirect is a rejection). Emits an {@link Outcome} or a {@link Rejected}; never errors.
   */
  private Mono<Object> evaluate(String target) {
    URI redirect;
    try {
      redirect = URI.create(target);
    } catch (IllegalArgumentException e) {
      return Mono.just(new Rejected("The authorization callback query is malformed"));
    }
    return expectedState
        .verify(redirect)
        .<Object>map(verified -> new Granted(verified.code()))
        .onErrorResume(
            AuthorizationDeniedException.class,
            denied -> Mono.just(new Denied(denied.error(), denied.errorDescription())))
        .onErrorResume(
            AuthorizationCallbackException.class,
            rejection ->
                Mono.just(
                    new Rejected(
                        rejection.reason() == AuthorizationCallbackException.Reason.UNKNOWN_STATE
                                || rejection.reason()
                                    == AuthorizationCallbackException.Reason.REPLAYED_STATE
                            ? "The callback's state does not match the one this login sent"
                            : Objects.requireNonNull(
                                rejection.getMessage(),
                                "an AuthorizationCallbackException always has a message"))));
  }

  private static Mono<Void> send(HttpServerResponse response, Page page) {
    response.status(page.status());
    CallbackPage.HEADERS.forEach(response::header);
    return response
        .header(HttpHeaderNames.CONNECTION, "close")
        .sendString(Mono.just(page.html()), UTF_8)
        .then();
  }

  /** The pages; every text is plain and escaped by {@link CallbackPage#html}. */
  static final class Pages {
    private Pages() {}

    static Page granted(String appDescription) {
      return new Page(
          200,
          CallbackPage.html(
              "Access granted",
              "The integration now has access to "
                  + appDescription
                  + ". You can close this tab and return to the terminal.",
              null));
    }

    static Page exchangeFailed() {
      return new Page(
          502,
          CallbackPage.html(
              "Sign-in failed",
              "The authorization code could not be exchanged for a token. See the terminal.",
              null));
    }

    static Page closing() {
      return new Page(
          200,
          CallbackPage.html(
              "Authorization received", "Return to the terminal to see the result.", null));
    }

    static Page denied(Denied denied) {
      return new Page(
          200,
          CallbackPage.html(
              "Access not granted",
              "The authorization ended without access (error: "
                  + denied.error()
                  + "). You can close this tab.",
              null));
    }

    static Page rejected(Rejected rejected) {
      return new Page(
          400,
          CallbackPage.html(
              "Callback rejected",
              rejected.reason()
                  + ". Nothing was exchanged. If you are signing in, use the browser tab that"
                  + " the terminal opened.",
              null));
    }

    static Page notFound() {
      return new Page(
          404, CallbackPage.html("Not found", "This server only answers " + PATH + ".", null));
    }

    static Page methodNotAllowed() {
      return new Page(
          405, CallbackPage.html("Method not allowed", "Only GET is accepted here.", null));
    }

    static Page alreadyUsed() {
      return new Page(
          409,
          CallbackPage.html("Already used", "This sign-in already received its callback.", null));
    }
  }
}
