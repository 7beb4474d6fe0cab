-- The table of io.sunco.oauth.postgres.PostgresSealedRecords: one row per connected app, keyed by
-- the integration (client_id) and the app that granted access (app_id).
--
-- The access token is only ever in sealed_token, encrypted and authenticated (AES-256-GCM) by the
-- application under the key named in key_id, with the client id and app id bound to it. No other
-- column holds the token or anything derived from it, and the key ring that opens it is never
-- stored here. A copied row is not a usable credential without that key.
--
-- PostgresSealedRecords.createSchema() runs this file, with the table name it was built with in
-- place of sunco_connected_app. Every statement is idempotent: running it again changes nothing.
-- It runs as one transaction, and the advisory lock makes two instances that start at the same
-- time apply it one after the other.

SELECT pg_advisory_xact_lock(7450431093262815842);

CREATE TABLE IF NOT EXISTS "sunco_connected_app" (
  -- The OAuth client id of the integration; with app_id the key of the row.
  client_id text NOT NULL,
  -- The Sunshine Conversations app that granted access.
  app_id text NOT NULL,
  -- The app subdomain, when the service named one (NULL otherwise).
  subdomain text,
  -- The base URL of API calls for the app, when known (NULL otherwise).
  api_base_url text,
  -- The id of the key that sealed the token.
  key_id text NOT NULL,
  -- The sealed token: a format byte, the nonce, the ciphertext and the tag, as the key ring made them.
  sealed_token bytea NOT NULL CHECK (octet_length(sealed_token) > 0),
  -- When the flow completed (milliseconds).
  connected_at timestamptz NOT NULL,
  -- When the service last accepted the token; NULL when never checked.
  last_verified_at timestamptz,
  -- Where the connection stands: a name of io.sunco.oauth.store.ConnectionStatus.
  status text NOT NULL
    CHECK (status IN ('CONNECTED', 'DISCONNECT_PENDING', 'TOKEN_REFUSED')),
  -- The attributes of the flow (the user or tenant of the application), a flat object of strings.
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
  -- Raised by one at every write: with sealed_token it tells a conditional write whether the row
  -- changed since it was read.
  revision bigint NOT NULL CHECK (revision > 0),
  PRIMARY KEY (client_id, app_id)
);

-- Lookups by attribute (attributes @> a one-member object) use this index.
CREATE INDEX IF NOT EXISTS "sunco_connected_app_attributes"
  ON "sunco_connected_app" USING gin (attributes jsonb_path_ops);
