package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Keys, rings and sealed records for the store's tests. */
final class Keys {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";

  /** A token value that looks like the service's: an HS256 JWT. */
  static final AccessToken TOKEN =
      AccessToken.bearer("eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImludGVncmF0aW9uIn0.c2lnbmF0dXJl");

  private static final SecureRandom RANDOM = new SecureRandom();

  private Keys() {}

  /** 32 fresh random bytes. */
  static byte[] key() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A ring of one key, its primary. */
  static KeyRing ring(String keyId, byte[] key) {
    return KeyRing.builder().key(keyId, key).primary(keyId).build();
  }

  /** A ring of two keys, {@code primary} sealing. */
  static KeyRing ring(String primary, Map<String, byte[]> keys) {
    KeyRing.Builder builder = KeyRing.builder().primary(primary);
    keys.forEach(builder::key);
    return builder.build();
  }

  /** A store of {@link #CLIENT_ID} on {@code backend}, sealing with a fresh one-key ring. */
  static ConnectedAppStore.Builder store(SealedRecords backend) {
    return ConnectedAppStore.builder()
        .records(backend)
        .keyRing(ring("k1", key()))
        .clientId(CLIENT_ID);
  }

  /** A token for app {@code appId}, distinct per app. */
  static AccessToken token(String appId) {
    return AccessToken.bearer("token-of-" + appId + "-" + Long.toHexString(RANDOM.nextLong()));
  }

  /** What tokenInfo says about app {@code appId}. */
  static TokenInfo app(String appId) {
    return TokenInfo.of(appId, "acme", "Acme");
  }

  /** A stored-looking record of {@code clientId}/{@code appId} sealed under {@code ring}. */
  static SealedRecord sealed(KeyRing ring, String clientId, String appId, AccessToken token) {
    return new SealedRecord(
        clientId,
        appId,
        Optional.empty(),
        Optional.empty(),
        ring.primaryKeyId(),
        ring.seal(clientId, appId, token),
        Instant.parse("2026-12-01T00:00:00Z"),
        Optional.empty(),
        ConnectionStatus.CONNECTED,
        Map.of(),
        0);
  }

  /** {@code record} with its sealed bytes, client id and app id replaced. */
  static SealedRecord moved(SealedRecord record, String clientId, String appId) {
    return new SealedRecord(
        clientId,
        appId,
        record.subdomain(),
        record.apiBaseUrl(),
        record.keyId(),
        record.sealedToken(),
        record.connectedAt(),
        record.lastVerifiedAt(),
        record.status(),
        record.attributes(),
        0);
  }

  /** {@code record} under another key id, or with other sealed bytes. */
  static SealedRecord with(SealedRecord record, String keyId, byte[] sealedToken) {
    return new SealedRecord(
        record.clientId(),
        record.appId(),
        record.subdomain(),
        record.apiBaseUrl(),
        keyId,
        sealedToken,
        record.connectedAt(),
        record.lastVerifiedAt(),
        record.status(),
        record.attributes(),
        record.revision());
  }

  /** Whether {@code haystack} holds {@code needle} anywhere. */
  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
