import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../../consumers/db/sqlite-client.js';
import { runToEnd } from '../../../support/run-to-end.js';
import { waitFor } from '../../../support/wait-for.js';

const HELD_MS = 800;

describe('openSqlite on a new file another process is writing to', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sqlite-open-wal-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('waits for the writer and switches to WAL, where SQLite itself answers "database is locked" at once', async () => {
    const path = join(scratch, 'state.sqlite');
    // Another process creates the file (rollback mode, SQLite's default) and holds a write
    // transaction on it for HELD_MS: the state a second role meets when both start on a new file.
    const writer = `
      const Database = (await import('better-sqlite3')).default;
      const { writeFileSync } = await import('node:fs');
      const db = new Database(${JSON.stringify(path)});
      db.exec('CREATE TABLE held (a INTEGER)');
      db.exec('BEGIN IMMEDIATE');
      db.exec('INSERT INTO held VALUES (1)');
      writeFileSync(${JSON.stringify(`${path}.holding`)}, '');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${HELD_MS});
    `;
    const holder = runToEnd(process.execPath, ['--input-type=module', '-e', writer], { timeoutMs: 30_000 });
    await waitFor(() => existsSync(`${path}.holding`), 'the writer to hold its transaction', 10_000, 10);

    const started = Date.now();
    const client = openSqlite({ path });
    const waited = Date.now() - started;
    try {
      expect(await client.query<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(waited).toBeGreaterThan(100);
    } finally {
      await client.close();
    }
    expect((await holder).status).toBe(0);
  });
});
