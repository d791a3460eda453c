/**
 * The mirror's DDL for both dialects, generated from `MIRROR_TABLES`.
 *
 * Versions are epoch **microseconds** in a 64-bit integer column (`updated_at_us`,
 * `deleted_at_us`), not `timestamptz`: SQLite has no timestamp type, one integer type gives both
 * databases identical comparison semantics, and WorkOS timestamps carry microseconds.
 */
import type { SqlDialect } from '../db/sql-client.js';
import { INDEXED_COLUMNS, MIRROR_TABLES, MIRROR_TABLE_NAMES, PROGRESS_TABLE, SNAPSHOT_SCOPE_PARTS_TABLE, SNAPSHOT_SEEN_TABLE } from './mirror-tables.js';

/** Every statement, in order, each `IF NOT EXISTS` so migration is idempotent. */
export function mirrorSchemaStatements(dialect: SqlDialect): string[] {
  const statements: string[] = [];
  for (const table of MIRROR_TABLE_NAMES) {
    const lookups = MIRROR_TABLES[table].map((column) => `  ${column} TEXT,`);
    statements.push(
      [
        `CREATE TABLE IF NOT EXISTS ${dialect.table(table)} (`,
        '  id TEXT PRIMARY KEY,',
        ...lookups,
        `  data ${dialect.json} NOT NULL,`,
        `  updated_at_us ${dialect.bigint} NOT NULL,`,
        `  deleted_at_us ${dialect.bigint},`,
        '  last_event_id TEXT NOT NULL,',
        '  last_event_type TEXT NOT NULL',
        ')',
      ].join('\n'),
    );
    for (const column of MIRROR_TABLES[table].filter((c) => INDEXED_COLUMNS.has(c))) {
      statements.push(`CREATE INDEX IF NOT EXISTS ${dialect.index(table, column)} ON ${dialect.table(table)} (${column})`);
    }
  }
  statements.push(
    [
      `CREATE TABLE IF NOT EXISTS ${dialect.table(PROGRESS_TABLE)} (`,
      '  consumer_group TEXT NOT NULL,',
      '  topic TEXT NOT NULL,',
      '  partition_id INTEGER NOT NULL,',
      `  last_offset ${dialect.bigint} NOT NULL,`,
      '  last_event_id TEXT NOT NULL,',
      `  updated_at_ms ${dialect.bigint} NOT NULL,`,
      '  PRIMARY KEY (consumer_group, topic, partition_id)',
      ')',
    ].join('\n'),
  );
  statements.push(
    [
      `CREATE TABLE IF NOT EXISTS ${dialect.table(SNAPSHOT_SEEN_TABLE)} (`,
      '  snapshot_id TEXT NOT NULL,',
      '  table_name TEXT NOT NULL,',
      '  entity_id TEXT NOT NULL,',
      '  PRIMARY KEY (snapshot_id, table_name, entity_id)',
      ')',
    ].join('\n'),
    [
      `CREATE TABLE IF NOT EXISTS ${dialect.table(SNAPSHOT_SCOPE_PARTS_TABLE)} (`,
      '  snapshot_id TEXT NOT NULL,',
      '  table_name TEXT NOT NULL,',
      // '' for an environment-wide scope: a primary key column cannot be NULL.
      "  organization_id TEXT NOT NULL,",
      '  part INTEGER NOT NULL,',
      '  parts INTEGER NOT NULL,',
      `  started_at_us ${dialect.bigint} NOT NULL,`,
      '  listed INTEGER NOT NULL,',
      `  tombstoned INTEGER,`,
      `  received_at_ms ${dialect.bigint} NOT NULL,`,
      '  PRIMARY KEY (snapshot_id, table_name, organization_id, part)',
      ')',
    ].join('\n'),
  );
  return statements;
}
