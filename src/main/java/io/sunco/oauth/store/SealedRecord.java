package io.sunco.oauth.store;

import io.sunco.oauth.internal.Arguments;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One connected app as a {@link SealedRecords} backend keeps it: everything in the clear but the
 * token, which is sealed (encrypted and authenticated) under the key named by {@link #keyId()}. A
 * backend stores and returns these values as they are; it never sees a token.
 *
 * <p>Instants are kept to the millisecond (the compact constructor truncates them), so that every
 * backend returns what it was given. {@link #revision()} is the backend's: it is ignored by {@link
 * SealedRecords#upsert(SealedRecord)}, and every write gives the stored record a new one; with the
 * sealed token (whose bytes differ at every sealing) it tells whether a record changed since it was
 * read. {@link #toString()} shows neither the sealed token nor attribute values.
 *
 * @param clientId the integration's OAuth client id; with {@code appId} the record's key
 * @param appId the app that granted access
 * @param subdomain the app's subdomain, when the service named one
 * @param apiBaseUrl the base URL of API calls for the app, when known
 * @param keyId the id of the key that sealed the token
 * @param sealedToken the sealed token, as the key ring produced it
 * @param connectedAt when the flow completed
 * @param lastVerifiedAt when the service last accepted the token, if ever checked
 * @param status where the connection stands
 * @param attributes the flow's attributes (the application's user or tenant, for example)
 * @param revision the backend's revision of the stored record; 0 for a record not yet stored
 */
// The sealed token is an array on purpose (bytes, as a backend stores them): the constructor and
// the accessor copy it, and equals, hashCode and toString are written out below.
@SuppressWarnings("ArrayRecordComponent")
public record SealedRecord(
    String clientId,
    String appId,
    Optional<String> subdomain,
    Optional<URI> apiBaseUrl,
    String keyId,
    byte[] sealedToken,
    Instant connectedAt,
    Optional<Instant> lastVerifiedAt,
    ConnectionStatus status,
    Map<String, String> attributes,
    long revision) {

  /**
   * Checks and copies the components, and truncates the instants to the millisecond.
   *
   * @param clientId the integration's OAuth client id
   * @param appId the app that granted access
   * @param subdomain the app's subdomain, when the service named one
   * @param apiBaseUrl the base URL of API calls for the app, when known
   * @param keyId the id of the key that sealed the token
   * @param sealedToken the sealed token, copied
   * @param connectedAt when the flow completed
   * @param lastVerifiedAt when the service last accepted the token, if ever checked
   * @param status where the connection stands
   * @param attributes the flow's attributes, copied
   * @param revision the backend's revision; 0 for a record not yet stored
   * @throws NullPointerException when a component, attribute name or value is null
   * @throws IllegalArgumentException when {@code clientId}, {@code appId} or {@code keyId} is
   *     blank, the sealed token is empty, or {@code revision} is negative
   */
  public SealedRecord {
    Arguments.requireNonBlank(clientId, "clientId");
    Arguments.requireNonBlank(appId, "appId");
    Objects.requireNonNull(subdomain, "subdomain");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Arguments.requireNonBlank(keyId, "keyId");
    Objects.requireNonNull(sealedToken, "sealedToken");
    if (sealedToken.length == 0) {
      throw new IllegalArgumentException("sealedToken is empty");
    }
    sealedToken = sealedToken.clone();
    connectedAt = RecordComponents.toMillis(connectedAt, "connectedAt");
    lastVerifiedAt = RecordComponents.toMillis(lastVerifiedAt, "lastVerifiedAt");
    Objects.requireNonNull(status, "status");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    if (revision < 0) {
      throw new IllegalArgumentException("revision is negative: " + revision);
    }
  }

  /**
   * The sealed token.
   *
   * @return a copy of the sealed bytes
   */
  @Override
  public byte[] sealedToken() {
    return sealedToken.clone();
  }

  /**
   * Whether {@code other} is the same stored state of the same record: same key, same revision and
   * the same sealed bytes. A record deleted and saved again has other sealed bytes, so this never
   * mistakes the new record for the old one.
   *
   * @param other a record read earlier
   * @return true when nothing was written to the record in between
   */
  public boolean sameStoredState(SealedRecord other) {
    return clientId.equals(other.clientId)
        && appId.equals(other.appId)
        && revision == other.revision
        && keyId.equals(other.keyId)
        && Arrays.equals(sealedToken, other.sealedToken);
  }

  /**
   * A copy with another verification time and status, for a conditional replace of this record (its
   * revision is 0: the backend sets the stored one).
   */
  SealedRecord withState(Optional<Instant> newLastVerifiedAt, ConnectionStatus newStatus) {
    return copy(newLastVerifiedAt, newStatus, 0);
  }

  /**
   * A copy with another revision, for backends that hand back what they stored.
   *
   * @param newRevision the stored record's revision
   * @return the copy
   */
  public SealedRecord withRevision(long newRevision) {
    return copy(lastVerifiedAt, status, newRevision);
  }

  private SealedRecord copy(
      Optional<Instant> newLastVerifiedAt, ConnectionStatus newStatus, long newRevision) {
    return new SealedRecord(
        clientId,
        appId,
        subdomain,
        apiBaseUrl,
        keyId,
        sealedToken,
        connectedAt,
        newLastVerifiedAt,
        newStatus,
        attributes,
        newRevision);
  }

  /** Compares every component, the sealed token by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SealedRecord that
        && clientId.equals(that.clientId)
        && appId.equals(that.appId)
        && subdomain.equals(that.subdomain)
        && apiBaseUrl.equals(that.apiBaseUrl)
        && keyId.equals(that.keyId)
        && Arrays.equals(sealedToken, that.sealedToken)
        && connectedAt.equals(that.connectedAt)
        && lastVerifiedAt.equals(that.lastVerifiedAt)
        && status == that.status
        && attributes.equals(that.attributes)
        && revision == that.revision;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, appId, keyId, Arrays.hashCode(sealedToken), revision);
  }

  /** Shows the key, the key id, the status and the attribute names; never the sealed token. */
  @Override
  public String toString() {
    return "SealedRecord[clientId="
        + clientId
        + ", appId="
        + appId
        + ", keyId="
        + keyId
        + ", status="
        + status
        + ", revision="
        + revision
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
