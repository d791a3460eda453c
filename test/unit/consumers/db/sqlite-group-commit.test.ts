/**
 * Group commit on the SQLite client, on a real database file: transactions that wait for the one
 * connection share one commit, each keeps its own all-or-nothing, and nothing runs out of order.
 * The commits are counted on better-sqlite3's `exec`, which is how the client commits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { openSqlite } from '../../../../consumers/db/sqlite-client.js';
import type { SqlClient } from '../../../../consumers/db/sql-client.js';

async function database(): Promise<{ db: SqlClient; commits: () => number; walFramesSinceLast: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-group-commit-'));
  const path = join(dir, 'test.db');
  const db = openSqlite({ path });
  await db.execute('CREATE TABLE items (name TEXT PRIMARY KEY)');
  const exec = vi.spyOn(Database.prototype, 'exec');
  // A second connection reads how many frames the WAL holds and empties it: every commit appends
  // the pages it changed, so two commits of the same page append it twice, one commit once.
  const observer = new Database(path);
  const walFramesSinceLast = (): number => {
    const [{ log }] = observer.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
    observer.pragma('wal_checkpoint(TRUNCATE)');
    return log;
  };
  walFramesSinceLast();
  onTestFinished(async () => {
    exec.mockRestore();
    observer.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, commits: () => exec.mock.calls.filter(([sql]) => sql === 'COMMIT').length, walFramesSinceLast };
}

const names = async (db: SqlClient): Promise<string[]> => (await db.query<{ name: string }>('SELECT name FROM items ORDER BY name')).map((row) => row.name);

const insert = (db: SqlClient, name: string): Promise<string> =>
  db.transaction(async (tx) => {
    await tx.execute('INSERT INTO items (name) VALUES (?)', [name]);
    return name;
  });

describe('SQLite group commit', () => {
  it('commits transactions called together once, each resolving with its own result', async () => {
    const { db, commits } = await database();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => insert(db, `n${i}`)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`));
    expect(commits()).toBe(1);
    expect(await names(db)).toHaveLength(10);
  });

  it('rolls back only the member that throws; the others commit and its error reaches only its caller', async () => {
    const { db, commits } = await database();
    const first = insert(db, 'a');
    const bad = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['broken']);
      throw new Error('handler failed');
    });
    const second = insert(db, 'b');
    const clash = insert(db, 'a');
    await Promise.allSettled([first, bad, second, clash]);
    expect(await first).toBe('a');
    await expect(bad).rejects.toThrow('handler failed');
    expect(await second).toBe('b');
    // A constraint error rolls back that member's statement and savepoint, not the group.
    await expect(clash).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(commits()).toBe(1);
    expect(await names(db)).toEqual(['a', 'b']);
  });

  it('keeps call order: a read queued between two transactions sees the first and not the second', async () => {
    const { db } = await database();
    const first = insert(db, 'first');
    const between = names(db);
    const second = insert(db, 'second');
    await Promise.all([first, second]);
    expect(await between).toEqual(['first']);
    expect(await names(db)).toEqual(['first', 'second']);
  });

  it('lets a write outside a transaction join the group, with its own row count', async () => {
    const { db, walFramesSinceLast } = await database();
    // Apart: an insert committed, then an update in a commit of its own.
    expect(await insert(db, 'x')).toBe('x');
    expect(await db.execute("UPDATE items SET name = 'y' WHERE name = 'x'")).toBe(1);
    const apart = walFramesSinceLast();
    // Together: the same two writes called at once share one commit, so each page is written once.
    const [inserted, changed] = await Promise.all([insert(db, 'z'), db.execute("UPDATE items SET name = 'w' WHERE name = 'z'")]);
    expect(inserted).toBe('z');
    expect(changed).toBe(1);
    const together = walFramesSinceLast();
    expect(together).toBeGreaterThan(0);
    expect(together).toBeLessThan(apart);
    expect(await names(db)).toEqual(['w', 'y']);
  });

  it('when SQLite ends the shared transaction half-way, rejects the members that lost their writes and commits the rest anew', async () => {
    const { db } = await database();
    const before = insert(db, 'before');
    const ended = db.transaction(async (tx) => {
      // Stands for an error after which SQLite rolls back the whole transaction (e.g. SQLITE_FULL).
      await tx.execute('ROLLBACK');
      throw new Error('disk full');
    });
    const after = insert(db, 'after');
    await Promise.allSettled([before, ended, after]);
    await expect(before).rejects.toThrow('SQLite ended the transaction it shared with a failing one (disk full)');
    await expect(ended).rejects.toThrow('disk full');
    expect(await after).toBe('after');
    expect(await names(db)).toEqual(['after']);
  });

  it('runs a transaction called while a group commits in the next group', async () => {
    const { db, commits } = await database();
    let inner: Promise<string> | undefined;
    const outer = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['outer']);
      inner = insert(db, 'inner');
      return 'outer';
    });
    expect(await outer).toBe('outer');
    expect(await inner).toBe('inner');
    expect(commits()).toBe(2);
    expect(await names(db)).toEqual(['inner', 'outer']);
  });
});
