package example;

import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.KeyProvider;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.FlowAttributes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The guide "Connected apps" (src/site/markdown/connected-apps.md) quotes the tagged regions of
 * this file (ReadmeCodeTest fails when they differ); ConnectedAppsTest runs them: the store behind
 * the routes, and a key provider for envelope encryption with a KMS.
 */
public final class ConnectedApps {

  private ConnectedApps() {}

  /** The store, and the routes that save every completed flow into it. */
  public record Wiring(ConnectedAppStore store, SunshineOAuthRoutes routes) {}

  /**
   * Wires the store at start-up.
   *
   * @param client the application's one client
   * @param keyFile the key file, readable by its owner only
   * @param redirectUri the registered redirect URI, ending with {@code /oauth/sunshine/callback}
   */
  public static Wiring wire(SunshineOAuthClient client, Path keyFile, String redirectUri) {
    // tag::readme-connected-apps-store[]
    // At start-up, off the event loops: reading the file and seeding the ring may block.
    KeyRing keys = KeyFile.at(keyFile).keyRing().block();
    ConnectedAppStore store =
        ConnectedAppStore.builder()
            .records(InMemorySealedRecords.create()) // several instances: PostgreSQL or Redis
            .keyRing(keys)
            .clientId("5e4af71a81966cfff3ef6550") // the integration's client id
            .build();

    SunshineOAuthRoutes routes =
        SunshineOAuthRoutes.builder()
            .client(client)
            .redirectUri(redirectUri)
            .sink(TokenSink.savingTo(store)) // each completed flow: one record, its token sealed
            .attributes(FlowAttributes.ofUser("user", r -> r.principal().map(Principal::getName)))
            .build();
    // end::readme-connected-apps-store[]
    return new Wiring(store, routes);
  }

  /**
   * The disconnect and removal routes over the store.
   *
   * @param store the store of the client's client id
   * @param client the application's one client
   * @return the routes
   */
  public static ConnectedAppRoutes endRoutes(ConnectedAppStore store, SunshineOAuthClient client) {
    // tag::readme-connected-apps-routes[]
    ConnectedAppRoutes endRoutes =
        ConnectedAppRoutes.builder()
            .store(store)
            .client(client)
            // Which app the signed-in user may disconnect: yours to decide, here the one they
            // connected (the flow's "user" attribute).
            .appOfRequest(
                request ->
                    request
                        .principal()
                        .map(Principal::getName)
                        .flatMap(user -> store.findByAttribute("user", user).next())
                        .map(ConnectedAppRecord::appId))
            .build(); // POST /oauth/sunshine/disconnect, POST /oauth/sunshine/removed
    // end::readme-connected-apps-routes[]
    return endRoutes;
  }

  /**
   * Starts the daily check of the stored tokens.
   *
   * @param store the store of the client's client id
   * @param client the application's one client
   * @param observations the application's observation registry, for the check's metrics
   * @return the running schedule: dispose it at shut-down
   */
  public static Disposable checkTokens(
      ConnectedAppStore store, SunshineOAuthClient client, ObservationRegistry observations) {
    // tag::readme-connected-apps-check[]
    TokenCheck check =
        TokenCheck.defaults() // 4 calls at once, up to 1 s apart, every 24 h plus up to 1 h
            .withWhenRefused(TokenCheck.WhenRefused.MARK) // the default; DELETE drops the record
            .withObservationRegistry(observations); // optional: counts by outcome
    Disposable checks =
        store
            .checkTokensPeriodically(client, check)
            .subscribe(report -> System.out.println("token check: " + report));
    // At shut-down: checks.dispose();
    // end::readme-connected-apps-check[]
    return checks;
  }

  // tag::readme-connected-apps-kms[]
  /** Your KMS client: decrypts a data key that the KMS encrypted (AWS KMS, Cloud KMS, Vault). */
  public interface Kms {
    Mono<byte[]> decrypt(byte[] encryptedDataKey);
  }

  /**
   * Envelope encryption: the configuration holds each data key encrypted by a KMS key that never
   * leaves the KMS; at start-up the KMS decrypts them, and the plain keys live in memory only.
   */
  public static final class KmsKeyProvider implements KeyProvider {
    private final Kms kms;
    private final String primary;
    private final Map<String, byte[]> encryptedDataKeys; // key id -> data key, KMS-encrypted

    public KmsKeyProvider(Kms kms, String primary, Map<String, byte[]> encryptedDataKeys) {
      this.kms = kms;
      this.primary = primary;
      this.encryptedDataKeys = Map.copyOf(encryptedDataKeys);
    }

    @Override
    public Mono<KeyRing> keyRing() {
      return Flux.fromIterable(encryptedDataKeys.entrySet())
          .concatMap(e -> kms.decrypt(e.getValue()).map(key -> Map.entry(e.getKey(), key)))
          .collectList()
          .publishOn(Schedulers.boundedElastic()) // building the ring seeds a random generator
          .map(this::ring);
    }

    private KeyRing ring(List<Map.Entry<String, byte[]>> keys) {
      KeyRing.Builder ring = KeyRing.builder().primary(primary);
      for (Map.Entry<String, byte[]> key : keys) {
        ring.key(key.getKey(), key.getValue()); // the ring keeps a copy
        Arrays.fill(key.getValue(), (byte) 0);
      }
      return ring.build();
    }
  }
  // end::readme-connected-apps-kms[]
}
