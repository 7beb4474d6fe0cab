package example;

import static example.ExampleEmulator.APP;
import static example.ExampleEmulator.CLIENT_ID;
import static example.ExampleEmulator.PUBLIC_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.ResealReport;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.testing.ApiErrors;
import io.sunco.oauth.testing.SignedInBrowser;
import io.sunco.oauth.testing.StartRoute;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The guide "Connected apps" run: the routes save a flow completed at the emulator into the store
 * (key file as written), the reads and the rotation as written, and the KMS key provider with a
 * stand-in KMS.
 */
class ConnectedAppsTest {

  private static final String REDIRECT_URI = ExampleEmulator.ROUTES_CALLBACK;

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO = ExampleEmulator.extension(REDIRECT_URI);

  @TempDir Path dir;

  private Path keyFile(String... lines) throws IOException {
    Path file = dir.resolve("sunco-keys.txt");
    Files.write(file, List.of(lines));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /**
   * Wires the example with a key file of one fresh key, {@code 2026-12}, its primary, and plays a
   * browser signed in as {@code user} through one flow.
   *
   * @return the wiring's store, holding the app's record
   */
  private ConnectedAppStore wiredAndConnectedAs(SunshineOAuthClient client, String user)
      throws IOException {
    ConnectedApps.Wiring wiring =
        ConnectedApps.wire(
            client, keyFile("primary = 2026-12", KeyFile.newKeyLine("2026-12")), REDIRECT_URI);
    connectAs(wiring, user);
    return wiring.store();
  }

  /**
   * A browser at {@code routes} whose requests the application sees as signed in as {@code user}.
   */
  private static WebTestClient signedInAs(String user, RouterFunction<ServerResponse> routes) {
    return SignedInBrowser.at(routes, user).baseUrl(PUBLIC_URL).build();
  }

  /** Plays a browser signed in as {@code user}: start, consent at the emulator, callback. */
  private static void connectAs(ConnectedApps.Wiring wiring, String user) {
    WebTestClient web = signedInAs(user, wiring.routes().routerFunction());
    EntityExchangeResult<byte[]> started = StartRoute.redirected(web);
    ResponseCookie nonce = started.getResponseCookies().getFirst("__Host-sunco_oauth_nonce");
    assertThat(nonce).isNotNull();
    URI back = SUNCO.followConsent(started.getResponseHeaders().getLocation());
    web.get()
        .uri(URI.create(PUBLIC_URL + back.getRawPath() + "?" + back.getRawQuery()))
        .cookie(nonce.getName(), nonce.getValue())
        .exchange()
        .expectStatus()
        .isSeeOther();
  }

  @Test
  void wireWhenAFlowCompletesThenTheStoreFindsTheAppByUserWithAWorkingToken(
      SunshineOAuthClient client) throws IOException {
    String appId = APP.id();
    String userId = "alice";

    ConnectedAppStore store = wiredAndConnectedAs(client, userId);

    // tag::readme-connected-apps-read[]
    Mono<ConnectedAppRecord> one = store.find(appId); // empty when the app is not connected
    Flux<ConnectedAppRecord> mine = store.findByAttribute("user", userId); // the flow's attributes
    Flux<ConnectedAppRecord> all = store.list(); // every app of the client id
    Mono<Boolean> deleted = store.delete(appId); // the record only: revoke the token first
    // end::readme-connected-apps-read[]

    StepVerifier.create(one)
        .assertNext(
            record ->
                StepVerifier.create(client.getTokenInfo(record.token()))
                    .assertNext(info -> assertThat(info.appId()).isEqualTo(appId))
                    .verifyComplete())
        .verifyComplete();
    StepVerifier.create(mine.map(ConnectedAppRecord::appId)).expectNext(appId).verifyComplete();
    StepVerifier.create(all).expectNextCount(1).verifyComplete();
    StepVerifier.create(deleted).expectNext(true).verifyComplete();
    StepVerifier.create(store.find(appId)).verifyComplete();
  }

  @Test
  void endRoutesWhenTheUserDisconnectsFromTheAppItselfThenTheTokenIsRevokedAndTheRecordGone(
      SunshineOAuthClient client) throws IOException {
    ConnectedAppStore store = wiredAndConnectedAs(client, "alice");
    AccessToken token = store.find(APP.id()).map(ConnectedAppRecord::token).block();
    assertThat(token).isNotNull();
    WebTestClient web =
        signedInAs("alice", ConnectedApps.endRoutes(store, client).routerFunction());

    web.post()
        .uri("/oauth/sunshine/disconnect")
        .header("Sec-Fetch-Site", "cross-site")
        .exchange()
        .expectStatus()
        .isForbidden();
    StepVerifier.create(store.find(APP.id())).expectNextCount(1).verifyComplete();
    web.post()
        .uri("/oauth/sunshine/disconnect")
        .header("Sec-Fetch-Site", "same-origin")
        .exchange()
        .expectStatus()
        .isNoContent();

    StepVerifier.create(store.find(APP.id())).verifyComplete();
    StepVerifier.create(client.getTokenInfo(token))
        .expectErrorSatisfies(ApiErrors.apiStatus(401))
        .verify();
  }

  private ConnectedAppStore store(InMemorySealedRecords records, String... keyFileLines)
      throws IOException {
    return ConnectedAppStore.builder()
        .records(records)
        .keyRing(KeyFile.at(keyFile(keyFileLines)).keyRing().block())
        .clientId(CLIENT_ID)
        .build();
  }

  @Test
  void checkTokensWhenTheScheduleRunsThenTheStoredTokenIsVerifiedAndCounted(
      SunshineOAuthClient client) throws IOException {
    ConnectedAppStore store = wiredAndConnectedAs(client, "alice");
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
    Disposable checks = null;
    try {
      checks = ConnectedApps.checkTokens(store, client, observations);
      // The first run starts within the period jitter (1 h), its one call within the jitter (1 s).
      time.advanceTimeBy(TokenCheck.DEFAULT_PERIOD_JITTER.plus(TokenCheck.DEFAULT_JITTER));

      // The call itself goes over the network: wait until the run counted it.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (meters.find(TokenCheck.OBSERVATION_NAME).timers().isEmpty()) {
        assertThat(System.nanoTime()).as("the run counted its check").isLessThan(deadline);
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      assertThat(
              meters
                  .get(TokenCheck.OBSERVATION_NAME)
                  .tag(TokenCheck.OUTCOME_KEY, "alive")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(store.find(APP.id()).block(Duration.ofSeconds(10)).lastVerifiedAt()).isPresent();
    } finally {
      if (checks != null) {
        checks.dispose();
      }
      VirtualTimeScheduler.reset();
    }
  }

  /**
   * A backend holding the app's record, its token {@code token-1} sealed under the key of {@code
   * keyLine}, id {@code 2026-06}, the primary.
   */
  private InMemorySealedRecords connectedUnder(String keyLine) throws IOException {
    InMemorySealedRecords records = InMemorySealedRecords.create();
    store(records, "primary = 2026-06", keyLine)
        .connect(AccessToken.bearer("token-1"), TokenInfo.of(APP.id(), "acme", "Acme"), Map.of())
        .block();
    return records;
  }

  @Test
  void resealWhenTheNewKeyIsPrimaryThenEveryRecordMovesAndTheOldKeyCanGo() throws IOException {
    String oldLine = KeyFile.newKeyLine("2026-06");
    String newLine = KeyFile.newKeyLine("2026-12");
    InMemorySealedRecords records = connectedUnder(oldLine);
    ConnectedAppStore store = store(records, "primary = 2026-12", newLine, oldLine);

    // tag::readme-connected-apps-reseal[]
    // Once every instance runs with the new key as the primary (and the old key still listed):
    ResealReport report = store.reseal().block(); // run it again after a crash: it resumes
    // report.examined() == report.resealed() + report.alreadyCurrent() + report.changedMeanwhile()
    // end::readme-connected-apps-reseal[]

    assertThat(report).isEqualTo(new ResealReport(1, 1, 0, 0));
    StepVerifier.create(store(records, "primary = 2026-12", newLine).find(APP.id()))
        .assertNext(record -> assertThat(record.token().value()).isEqualTo("token-1"))
        .verifyComplete();
  }

  /** A stand-in KMS: AES-GCM under a master key that only it holds. */
  private static final class FakeKms implements ConnectedApps.Kms {
    private final SecretKeySpec master;
    private final SecureRandom random = new SecureRandom();
    int decrypts;

    FakeKms() {
      byte[] key = new byte[32];
      random.nextBytes(key);
      master = new SecretKeySpec(key, "AES");
    }

    byte[] encrypt(byte[] dataKey) throws GeneralSecurityException {
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(dataKey);
      byte[] out = Arrays.copyOf(nonce, 12 + sealed.length);
      System.arraycopy(sealed, 0, out, 12, sealed.length);
      return out;
    }

    @Override
    public Mono<byte[]> decrypt(byte[] encryptedDataKey) {
      return Mono.fromCallable(
          () -> {
            decrypts++;
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, encryptedDataKey, 0, 12));
            return cipher.doFinal(encryptedDataKey, 12, encryptedDataKey.length - 12);
          });
    }
  }

  /** The data key of a key file line {@code key.<id> = <base64>}. */
  private static byte[] keyOf(String line) {
    return Base64.getDecoder().decode(line.substring(line.indexOf('=') + 1).strip());
  }

  @Test
  void kmsKeyProviderWhenTheKmsDecryptsTheDataKeysThenTheRingOpensWhatThePlainKeysSealed()
      throws GeneralSecurityException, IOException {
    FakeKms kms = new FakeKms();
    String oldLine = KeyFile.newKeyLine("2026-06");
    String newLine = KeyFile.newKeyLine("2026-12");
    InMemorySealedRecords records = connectedUnder(oldLine);
    // What the application's configuration holds: each data key as the KMS encrypted it.
    ConnectedApps.KmsKeyProvider provider =
        new ConnectedApps.KmsKeyProvider(
            kms,
            "2026-12",
            Map.of("2026-06", kms.encrypt(keyOf(oldLine)), "2026-12", kms.encrypt(keyOf(newLine))));

    KeyRing ring = provider.keyRing().block();

    assertThat(ring).hasToString("KeyRing[primary=2026-12, keys=[2026-06, 2026-12]]");
    assertThat(kms.decrypts).isEqualTo(2);
    ConnectedAppStore store =
        ConnectedAppStore.builder().records(records).keyRing(ring).clientId(CLIENT_ID).build();
    StepVerifier.create(store.find(APP.id()).map(record -> record.token().value()))
        .expectNext("token-1")
        .verifyComplete();
    StepVerifier.create(store.reseal()).expectNext(new ResealReport(1, 1, 0, 0)).verifyComplete();
    StepVerifier.create(store(records, "primary = 2026-12", newLine).find(APP.id()))
        .expectNextCount(1)
        .verifyComplete();
  }
}
