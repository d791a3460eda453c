/**
 * The notifier runs records of different organizations at once, so the executor and the SQL ledger
 * get concurrent calls. On SQLite they share one connection: a transaction that awaits between its
 * statements must not let another caller's statements into it.
 */
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../../consumers/db/open-database.js';
import type { SqlClient } from '../../../../consumers/db/sql-client.js';
import { createEffectExecutor } from '../../../../consumers/notifier/effect-executor.js';
import type { PlannedEffect } from '../../../../consumers/notifier/effects.js';
import type { EffectSender } from '../../../../consumers/notifier/senders/effect-sender.js';
import { createSqlEffectLedger } from '../../../../consumers/notifier/sql-effect-ledger.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function sqlite(): Promise<SqlClient> {
  const db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
  onTestFinished(() => db.close());
  return db;
}

function effect(n: number): PlannedEffect {
  return { name: 'welcome-message', eventId: `event_${n}`, eventType: 'dsync.user.created', idempotencyKey: `welcome-message:event_${n}`, payload: { n } };
}

describe('concurrent use of one SQLite connection', () => {
  it('keeps transactions apart across awaits: a rollback takes back only its own statements', async () => {
    const db = await sqlite();
    await db.execute('CREATE TABLE t (name TEXT PRIMARY KEY)');
    const failing = db.transaction(async (tx) => {
      await tx.execute("INSERT INTO t (name) VALUES ('rolled-back')");
      await sleep(20);
      throw new Error('fails after a wait');
    });
    const committing = db.transaction(async (tx) => {
      await tx.execute("INSERT INTO t (name) VALUES ('committed')");
    });
    const outside = db.execute("INSERT INTO t (name) VALUES ('outside')");
    await expect(failing).rejects.toThrow('fails after a wait');
    await committing;
    await outside;
    expect((await db.query<{ name: string }>('SELECT name FROM t ORDER BY name')).map((row) => row.name)).toEqual(['committed', 'outside']);
  });

  it('runs 200 effects through one executor at once: each sent once, every row done', async () => {
    const ledger = createSqlEffectLedger(await sqlite());
    await ledger.migrate();
    const sent: string[] = [];
    let open = 0;
    let peak = 0;
    const sender: EffectSender = {
      kind: 'recording',
      receiverIdempotent: true,
      async send(request) {
        open += 1;
        peak = Math.max(peak, open);
        await sleep(5);
        sent.push(request.idempotencyKey);
        open -= 1;
      },
    };
    const executor = createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger: pino({ level: 'silent' }) });
    const effects = Array.from({ length: 200 }, (_, n) => effect(n));
    const reports = await Promise.all(effects.map((one) => executor.run([one])));
    expect(reports.flat().map((report) => report.outcome)).toEqual(effects.map(() => 'sent'));
    expect([...sent].sort()).toEqual(effects.map((one) => one.idempotencyKey).sort());
    expect(peak, 'sends overlapped').toBeGreaterThan(1);
    expect(await ledger.counts()).toEqual({ started: 0, done: 200, failed: 0 });
    // A second pass over the same effects (a redelivery) sends nothing.
    const again = await Promise.all(effects.map((one) => executor.run([one])));
    expect(new Set(again.flat().map((report) => report.outcome))).toEqual(new Set(['already-done']));
    expect(sent).toHaveLength(200);
  });
});
