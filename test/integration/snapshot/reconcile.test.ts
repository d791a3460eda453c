/**
 * `workos-kafka reconcile` against the emulator's state APIs and a mirror fed by the connector:
 * zero drift once the mirror has converged, and exactly the rows tampered with afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { main } from '../../../cli/run-cli.js';
import type { ReconcileReport } from '../../../cli/reconcile-command.js';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { workosApiEnvFor } from '../../../emulator/api-env.js';
import type { WorkosEmulator } from '../../../emulator/server.js';
import { emulatorWithHistory, publishSnapshotAndEvents } from './support/snapshot-world.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { freePort } from '../../support/free-port.js';
import { isCaughtUp, stopAfterTest } from '../consumers/support/consumer-kit.js';

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function reconcileJson(env: Record<string, string>): Promise<ReconcileReport> {
  let out = '';
  let err = '';
  const code = await main(['reconcile', '--json'], { env, stdout: (text) => (out += text), stderr: (text) => (err += text), signal: new AbortController().signal });
  expect(code, err).toBe(0);
  return JSON.parse(out) as ReconcileReport;
}

describe('workos-kafka reconcile', () => {
  it('reports no drift after convergence and exactly the rows tampered with', { timeout: 240_000 }, async () => {
    emulator = await emulatorWithHistory(91, 6, 3_000, 90);
    const { names, env } = await publishSnapshotAndEvents(emulator, 120_000);

    const dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sqlitePath = join(dir, 'mirror.sqlite');
    const store = createSqlMirrorStore(await openDatabase({ kind: 'sqlite', path: sqlitePath }));
    await store.migrate();
    const kafka = testKafka();
    const groupId = uniqueName('mirror');
    const run = await startDirectoryMirror({ kafka, store, decode: createEventDecoder(names.eventsTopic, env.SCHEMA_REGISTRY_URL), logger: pino({ level: 'warn' }), topic: names.eventsTopic, groupId });
    stopAfterTest(run);
    await waitFor(async () => isCaughtUp(await connectedAdmin(kafka), groupId, names.eventsTopic), 'the mirror to catch up', 120_000, 500);
    await run.stop();

    const reconcileEnv = { ...workosApiEnvFor(emulator), WORKOS_REQUESTS_PER_SECOND: '100', SQLITE_PATH: sqlitePath };
    expect(await reconcileJson(reconcileEnv)).toMatchObject({ drift: 0, rows: [] });

    // Tamper with three rows, one way each.
    // Users in no group: hiding one must not also hide memberships (which would drift too).
    const members = new Set((await store.exportRows('group_memberships')).map((row) => row.columns.directory_user_id));
    const users = (await store.exportRows('directory_users')).filter((row) => row.deletedAtUs === null && !members.has(row.id));
    const [gone, changed] = users;
    if (gone === undefined || changed === undefined) throw new Error('the world has too few directory users');
    const far = Date.now() * 1000 + 3_600_000_000;
    const base = { table: 'directory_users' as const, eventId: 'tamper', eventType: 'tamper' };
    await store.apply([{ ...base, op: 'delete', id: gone.id, columns: gone.columns, data: gone.data, versionUs: far, deletedAtUs: far }]);
    await store.apply([{ ...base, op: 'upsert', create: false, id: changed.id, columns: changed.columns, data: { ...changed.data, updated_at: '2099-01-01T00:00:00.000Z' }, versionUs: far }]);
    await store.apply([{ ...base, op: 'upsert', create: true, id: 'directory_user_not_in_workos', columns: changed.columns, data: { ...changed.data, id: 'directory_user_not_in_workos' }, versionUs: far }]);
    await store.close();

    const report = await reconcileJson(reconcileEnv);
    expect(report.drift).toBe(3);
    expect(report.rows.map(({ kind, table, id }) => ({ kind, table, id })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'extra', table: 'directory_users', id: 'directory_user_not_in_workos' },
      { kind: 'missing', table: 'directory_users', id: gone.id },
      { kind: 'stale', table: 'directory_users', id: changed.id },
    ]);
    const totals = report.scopes.reduce((sum, scope) => ({ missing: sum.missing + scope.missing, extra: sum.extra + scope.extra, stale: sum.stale + scope.stale }), { missing: 0, extra: 0, stale: 0 });
    expect(totals).toEqual({ missing: 1, extra: 1, stale: 1 });
    expect(new Set(report.scopes.map((scope) => scope.table))).toEqual(new Set(['directory_users']));

    // Periodically, the same drift as metrics, until stopped.
    const port = await freePort();
    const stop = new AbortController();
    const periodic = main(['reconcile', '--interval', '1'], { env: { ...reconcileEnv, METRICS_PORT: String(port) }, stdout: () => undefined, stderr: () => undefined, signal: stop.signal });
    const driftLine = (kind: string): string => `workos_kafka_reconcile_drift_rows{table="directory_users",kind="${kind}"} 1`;
    let scraped = '';
    await waitFor(
      async () => {
        scraped = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
        return /workos_kafka_reconcile_runs_total\{outcome="ok"\} [2-9]/.test(scraped);
      },
      'two periodic runs',
      60_000,
      300,
    );
    for (const kind of ['missing', 'extra', 'stale']) expect(scraped).toContain(driftLine(kind));
    expect(scraped).toContain('workos_kafka_reconcile_drift_rows{table="users",kind="missing"} 0');
    expect(scraped).toContain(`workos_kafka_reconcile_drift_scopes ${report.scopes.length}`);
    expect(scraped).toContain('workos_kafka_reconcile_runs_total{outcome="failed"} 0');
    stop.abort();
    expect(await periodic).toBe(0);
  });
});
