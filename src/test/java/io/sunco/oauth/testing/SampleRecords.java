package io.sunco.oauth.testing;

import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.SealedRecord;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The sealed records the backends' tests store: one shape, so that every backend sees the same. */
public final class SampleRecords {

  /** When every sample record was connected: with milliseconds, which a backend must keep. */
  public static final Instant CONNECTED_AT = Instant.parse("2026-12-01T10:15:30.123Z");

  /** When a sample record that was verified was last verified, with milliseconds. */
  public static final Instant LAST_VERIFIED_AT = Instant.parse("2026-12-02T08:00:00.456Z");

  private SampleRecords() {}

  /**
   * A connected record, revision 0, of app {@code appId} of {@code clientId} on the {@code acme}
   * subdomain (API base {@code https://acme.zendesk.com/sc}), connected at {@link #CONNECTED_AT}.
   *
   * @param clientId the integration's client id
   * @param appId the app
   * @param keyId the id of the key said to have sealed the token
   * @param sealedToken the sealed bytes, stored as given
   * @param lastVerifiedAt when the token was last verified, if it was
   * @param attributes the application's attributes
   * @return the record
   */
  public static SealedRecord acme(
      String clientId,
      String appId,
      String keyId,
      byte[] sealedToken,
      Optional<Instant> lastVerifiedAt,
      Map<String, String> attributes) {
    return new SealedRecord(
        clientId,
        appId,
        Optional.of("acme"),
        Optional.of(URI.create("https://acme.zendesk.com/sc")),
        keyId,
        sealedToken,
        CONNECTED_AT,
        lastVerifiedAt,
        ConnectionStatus.CONNECTED,
        attributes,
        0);
  }
}
