/**
 * Snapshots on demand, through the control topic: `reconcile --repair` finds rows lost from the
 * mirror and asks the running connector for a snapshot of each drifting organization, after
 * which the mirror equals WorkOS again; `snapshot --organization … --wait` follows the snapshot it
 * asked for to its end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ReconcileReport } from '../../../cli/reconcile-command.js';
import { main } from '../../../cli/run-cli.js';
import type { SnapshotCursor } from '../../../connector/snapshot/snapshot-progress.js';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import type { WorkosEmulator } from '../../../emulator/server.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { isCaughtUp, stopAfterTest } from '../consumers/support/consumer-kit.js';
import { emulatorWithHistory, runThroughSnapshot } from './support/snapshot-world.js';

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function cli(args: string[], env: Record<string, string>): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(args, { env, stdout: (text) => (out += text), stderr: (text) => (err += text), signal: new AbortController().signal });
  expect(code, `${args.join(' ')}: ${err}`).toBe(0);
  return out;
}

describe('snapshots on demand', () => {
  it('reconcile --repair heals rows lost from the mirror; snapshot --organization --wait follows its snapshot to the end', { timeout: 300_000 }, async () => {
    emulator = await emulatorWithHistory(47, 6, 3_000, 90);
    const { names, env, running } = await runThroughSnapshot(emulator, 150_000);

    const dir = mkdtempSync(join(tmpdir(), 'snapshot-requests-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sqlitePath = join(dir, 'mirror.sqlite');
    const store = createSqlMirrorStore(await openDatabase({ kind: 'sqlite', path: sqlitePath }));
    await store.migrate();
    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    onTestFinished(() => admin.disconnect());
    const groupId = uniqueName('mirror');
    const mirror = await startDirectoryMirror({ kafka, store, decode: createEventDecoder(names.eventsTopic, env.SCHEMA_REGISTRY_URL), logger: pino({ level: 'warn' }), topic: names.eventsTopic, groupId });
    stopAfterTest(mirror);
    onTestFinished(() => store.close());
    await waitFor(async () => isCaughtUp(admin, groupId, names.eventsTopic), 'the mirror to catch up', 120_000, 500);

    const commandEnv = { ...env, SQLITE_PATH: sqlitePath };
    expect(JSON.parse(await cli(['reconcile', '--json'], commandEnv))).toMatchObject({ drift: 0 });

    // A lost write, as a restored backup or a hand-run DELETE leaves it: two directory users of
    // two organizations gone from the mirror without a trace (users in no group, so no
    // membership drifts with them).
    const members = new Set((await store.exportRows('group_memberships')).map((row) => row.columns.directory_user_id));
    const candidates = (await store.exportRows('directory_users')).filter((row) => row.deletedAtUs === null && !members.has(row.id));
    const first = candidates[0];
    const second = candidates.find((row) => row.columns.organization_id !== first?.columns.organization_id);
    if (first === undefined || second === undefined) throw new Error('the world has too few directory users in distinct organizations');
    const db = new Database(sqlitePath);
    db.prepare('DELETE FROM "directory_users" WHERE id IN (?, ?)').run(first.id, second.id);
    db.close();

    const repair = JSON.parse(await cli(['reconcile', '--json', '--repair'], commandEnv)) as ReconcileReport;
    expect(repair.rows.map(({ kind, id }) => ({ kind, id })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [first.id, second.id].sort().map((id) => ({ kind: 'missing', id })),
    );
    const organizations = [first.columns.organization_id, second.columns.organization_id].sort();
    expect(repair.repairs?.map((request) => request.organization_id)).toEqual(organizations);
    const lastRequest = repair.repairs?.at(-1)?.request_id;

    // The running connector takes both requests, one after the other, in the order they were made.
    await waitFor(async () => ((await running.connector.cursorStore.readLatest()) as SnapshotCursor).last_snapshot?.request_id === lastRequest, 'both requested snapshots', 120_000, 1_000);
    await waitFor(async () => isCaughtUp(admin, groupId, names.eventsTopic), 'the mirror to apply them', 60_000, 500);
    expect(JSON.parse(await cli(['reconcile', '--json'], commandEnv))).toMatchObject({ drift: 0, rows: [] });
    const restored = (await store.exportRows('directory_users')).filter((row) => row.id === first.id || row.id === second.id);
    expect(restored.map((row) => row.deletedAtUs)).toEqual([null, null]);

    // The snapshot command: one organization, followed to its end.
    const organizationId = organizations[0] as string;
    const out = await cli(['snapshot', '--organization', organizationId, '--wait'], commandEnv);
    expect(out).toMatch(new RegExp(`snapshot requested: snapreq_\\w+ \\(organization ${organizationId}\\)`));
    expect(out).toMatch(/snapshot snapshot_\w+ complete: \d+ rows from \d+ list requests/);
    const cursor = (await running.connector.cursorStore.readLatest()) as SnapshotCursor;
    expect(cursor.last_snapshot).toMatchObject({ organization_id: organizationId, requests: expect.any(Number) });
    expect(cursor.last_snapshot?.rows).toBeGreaterThan(0);
    await waitFor(async () => isCaughtUp(admin, groupId, names.eventsTopic), 'the mirror to apply it', 60_000, 500);
    expect(JSON.parse(await cli(['reconcile', '--json'], commandEnv))).toMatchObject({ drift: 0 });
  });
});
