/**
 * Connected apps kept in PostgreSQL through R2DBC: {@link
 * io.sunco.oauth.postgres.PostgresSealedRecords} is the {@link io.sunco.oauth.store.SealedRecords}
 * backend for applications whose instances share one database. It is the only package of this
 * library that uses R2DBC ({@code org.postgresql:r2dbc-postgresql} is an optional dependency: an
 * application that uses this package brings its own, 1.1 or later, with its {@code
 * io.r2dbc.spi.ConnectionFactory}, pooled or not).
 *
 * <p>What the database holds: one row per app in a table (default {@value
 * io.sunco.oauth.postgres.PostgresSealedRecords#DEFAULT_TABLE}) whose schema ships in this jar as
 * {@code io/sunco/oauth/postgres/schema.sql} and is applied by {@link
 * io.sunco.oauth.postgres.PostgresSealedRecords#createSchema()} or by a migration tool:
 *
 * <ul>
 *   <li>{@code client_id}, {@code app_id} (text, the primary key): the integration's OAuth client
 *       id and the app that granted access;
 *   <li>{@code subdomain}, {@code api_base_url} (text, {@code NULL} when unknown): the app's
 *       subdomain and the base URL of its API calls;
 *   <li>{@code key_id} (text) and {@code sealed_token} (bytea): the id of the key that sealed the
 *       token and the sealed bytes. <strong>The token is only ever in {@code sealed_token},
 *       encrypted</strong> (AES-256-GCM by the store's key ring, the client id and app id bound to
 *       it); no column holds it in the clear or anything derived from it, and the keys are never
 *       stored here;
 *   <li>{@code connected_at}, {@code last_verified_at} (timestamptz, the second {@code NULL} when
 *       never checked): when the flow completed and when the service last accepted the token;
 *   <li>{@code status} (text, checked): a {@link io.sunco.oauth.store.ConnectionStatus} name;
 *   <li>{@code attributes} (jsonb, a flat object of strings, with a GIN index for lookups): the
 *       flow's attributes, such as the application's user or tenant;
 *   <li>{@code revision} (bigint): raised by one at every write; with the sealed bytes it lets a
 *       conditional write see whether the row changed since it was read.
 * </ul>
 *
 * <p>Every write is one SQL statement ({@code INSERT ... ON CONFLICT DO UPDATE}, or an {@code
 * UPDATE}/{@code DELETE} whose {@code WHERE} names the state read earlier), so concurrent writers
 * of one app, in one process or many, never leave a mix of two records. When the database is
 * unreachable, fails, or does not answer within a call's deadline, the publisher errors with {@link
 * io.sunco.oauth.callback.StoreUnavailableException}, whose message never holds a value. Nothing
 * here blocks an event loop, logs, or closes the connection factory it was given.
 */
@NullMarked
package io.sunco.oauth.postgres;

import org.jspecify.annotations.NullMarked;
