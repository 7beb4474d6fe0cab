package io.sunco.oauth.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SQL of one table: the statements of {@link PostgresSealedRecords} and the shipped schema,
 * with the table's name in place of the default one. Table names are checked before they get here,
 * and quoted, so a name is never read as SQL.
 */
final class RecordSql {

  /** Where the schema ships, next to this class. */
  static final String SCHEMA_RESOURCE = "schema.sql";

  /**
   * Lower-case letters, digits and underscores, not starting with a digit, at most 48 characters:
   * the index name adds 11 characters and PostgreSQL keeps 63.
   */
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  /** The columns of a record, in the order of the first ten parameters of the upsert. */
  static final String COLUMNS =
      "client_id, app_id, subdomain, api_base_url, key_id, sealed_token, connected_at,"
          + " last_verified_at, status, attributes, revision";

  /** The shipped schema, read once (class path I/O, never on an event loop). */
  private static final String SHIPPED_SCHEMA = loadSchema();

  final String schema;
  final String upsert;
  final String find;
  final String findByAttribute;
  final String list;
  final String replaceIfUnchanged;
  final String delete;
  final String deleteIfUnchanged;

  RecordSql(String table) {
    String quoted = '"' + table + '"';
    this.schema = SHIPPED_SCHEMA.replace('"' + PostgresSealedRecords.DEFAULT_TABLE, '"' + table);
    this.upsert =
        "INSERT INTO "
            + quoted
            + " AS r ("
            + COLUMNS
            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)"
            + " ON CONFLICT (client_id, app_id) DO UPDATE SET"
            + " subdomain = EXCLUDED.subdomain, api_base_url = EXCLUDED.api_base_url,"
            + " key_id = EXCLUDED.key_id, sealed_token = EXCLUDED.sealed_token,"
            + " connected_at = EXCLUDED.connected_at,"
            + " last_verified_at = EXCLUDED.last_verified_at, status = EXCLUDED.status,"
            + " attributes = EXCLUDED.attributes, revision = r.revision + 1"
            + " RETURNING revision";
    String select = "SELECT " + COLUMNS + " FROM " + quoted + " WHERE client_id = $1";
    this.find = select + " AND app_id = $2";
    this.findByAttribute = select + " AND attributes @> jsonb_build_object($2::text, $3::text)";
    this.list = select;
    // The WHERE names the state read earlier: the revision and the sealed bytes (which differ at
    // every sealing), so a row deleted and written again is not mistaken for the one read.
    this.replaceIfUnchanged =
        "UPDATE "
            + quoted
            + " SET subdomain = $3, api_base_url = $4, key_id = $5, sealed_token = $6,"
            + " connected_at = $7, last_verified_at = $8, status = $9, attributes = $10,"
            + " revision = revision + 1"
            + " WHERE client_id = $1 AND app_id = $2"
            + " AND revision = $11 AND key_id = $12 AND sealed_token = $13"
            + " RETURNING revision";
    this.delete = "DELETE FROM " + quoted + " WHERE client_id = $1 AND app_id = $2";
    this.deleteIfUnchanged = delete + " AND revision = $3 AND key_id = $4 AND sealed_token = $5";
  }

  /**
   * Checks a table name.
   *
   * @throws NullPointerException when {@code table} is null
   * @throws IllegalArgumentException when it is not 1 to 48 lower-case letters, digits or
   *     underscores starting with a letter or an underscore
   */
  static String checkedTable(String table) {
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be 1 to 48 lower-case letters, digits or underscores, not starting with a"
              + " digit");
    }
    return table;
  }

  private static String loadSchema() {
    try (InputStream in = RecordSql.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks io/sunco/oauth/postgres/" + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
