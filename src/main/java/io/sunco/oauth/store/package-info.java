/**
 * Connected apps kept after the flow: {@link io.sunco.oauth.store.ConnectedAppStore} saves, finds,
 * lists and deletes the token of each app that granted access, sealed at rest with AES-GCM under a
 * {@link io.sunco.oauth.store.KeyRing} (a key id in every record, the client id and app id bound as
 * associated data), in a {@link io.sunco.oauth.store.SealedRecords} backend: in memory here,
 * PostgreSQL in {@code io.sunco.oauth.postgres}, Redis in {@code io.sunco.oauth.redis}. It also
 * ends connections: {@code disconnect} revokes and deletes (keeping a record whose revoke failed),
 * {@code confirmRemoval} deletes only when the service refuses the stored token. And it finds dead
 * tokens: {@code checkTokens} (and its schedule, {@code checkTokensPeriodically}) checks each
 * stored token with the service, within a {@link io.sunco.oauth.store.TokenCheck}'s bounds, and
 * marks or deletes the records whose token is refused.
 *
 * <p>Sunshine Conversations tokens never expire: a copied row is a live credential until someone
 * revokes it. The backends therefore never see a token in the clear, and the key ring that opens
 * them lives apart from the data. This package needs nothing beyond the library's own dependencies
 * (Micrometer only for the token check's metrics, when asked for).
 */
@NullMarked
package io.sunco.oauth.store;

import org.jspecify.annotations.NullMarked;
