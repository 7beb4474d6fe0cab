package io.sunco.oauth;

import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

/**
 * What the {@code completeAuthorization} tests against the emulator share: before each test an
 * emulator with one integration and one app, and a client of that integration under the default
 * deadlines and {@link #retryPolicy()}; after each test both closed.
 */
abstract class CompleteAuthorizationFixture {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  SunshineOAuthEmulator emulator;
  SunshineOAuthClient client;

  /** The retry policy of the clients: none, unless a class needs the retries. */
  RetryPolicy retryPolicy() {
    return RetryPolicy.none();
  }

  /** A client of the integration, at the emulator, under the given deadlines. */
  SunshineOAuthClient client(Timeouts timeouts) {
    return SunshineOAuthClient.builder()
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .baseUrl(emulator.baseUrl())
        .retryPolicy(retryPolicy())
        .timeouts(timeouts)
        .build();
  }

  /**
   * A function for {@code completeAuthorization} that keeps the token it is handed in {@code
   * handed}, then answers with what {@code answer} makes of the token info.
   */
  static <T> BiFunction<AccessToken, TokenInfo, Mono<T>> keeping(
      AtomicReference<AccessToken> handed, Function<TokenInfo, Mono<T>> answer) {
    return (token, info) -> {
      handed.set(token);
      return answer.apply(info);
    };
  }

  /** A fresh authorization code of the integration for the app. */
  String code() {
    return emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
  }

  @BeforeEach
  final void startEmulatorAndClient() {
    emulator =
        SunshineOAuthEmulator.builder()
            .integration(Integration.of(CLIENT_ID, CLIENT_SECRET, "http://127.0.0.1:8080/callback"))
            .app(APP)
            .start();
    client = client(Timeouts.defaults());
  }

  @AfterEach
  final void closeClientAndEmulator() {
    client.close();
    emulator.close();
  }
}
