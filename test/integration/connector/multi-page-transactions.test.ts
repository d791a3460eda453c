/**
 * Transactions that span pages: during a backlog one Kafka transaction carries several WorkOS
 * pages and the cursor after the last one (each committed transaction writes exactly one cursor
 * record, so the cursor topic counts them); a live stream still gets a transaction per page as
 * soon as the page is read. Every event exactly once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllCursorRecords, readAllPublishedEvents } from './support/kafka-reads.js';

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('transactions that span pages', () => {
  it('carries up to TRANSACTION_MAX_PAGES pages per transaction during a backlog, and one page per transaction once live', { timeout: 180_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 17 });
    const now = Date.now();
    const generator = createWorldGenerator({ seed: 17, organizations: 20 });
    emulator.store.appendMany(generateHistory(generator, { events: 6_000, historyDays: 5, end: new Date(now - 3_600_000) }));
    const backlog = emulator.store.all().length;
    const names = freshConnectorNames();
    const running = startConnector(connectorEnv(emulator, names, { TRANSACTION_MAX_PAGES: '8', TRANSACTION_MAX_MS: '60000' }));
    await waitFor(() => running.connector.lag.progress.eventsPublished >= backlog, 'the backlog', 120_000);

    // Live: three small pages, each read while the connector polls.
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 5; i += 1) {
        const at = Math.max(Date.now() - 1_000, (emulator.store.lastCreatedAtMs ?? 0) + 1);
        emulator.store.append({ ...generator.next(at), createdAt: at });
      }
      const lastId = emulator.store.all().at(-1)?.id;
      await waitFor(() => running.connector.lag.progress.lastEventId === lastId, `live page ${round + 1}`, 30_000, 50);
    }
    await running.stop();

    const served = emulator.store.all();
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);
    const cursors = (await readAllCursorRecords(names.cursorTopic)).filter((record) => record.value.event_id !== null);
    const covered = cursors.map((record) => served.findIndex((event) => event.id === record.value.event_id) + 1);
    const backlogSizes = covered.filter((count) => count <= backlog).map((count, i, all) => count - (i === 0 ? 0 : (all[i - 1] as number)));
    // 60 full pages of 100 in transactions of at most 8 pages: at least 8 transactions, most of them of 800 events.
    expect(backlogSizes.length).toBeGreaterThanOrEqual(Math.ceil(backlog / 800));
    expect(backlogSizes.length).toBeLessThan(backlog / 100 / 2);
    expect(Math.max(...backlogSizes)).toBe(800);
    // Each live page in its own transaction, right after its events.
    const liveCursors = covered.filter((count) => count > backlog);
    expect(liveCursors).toEqual([backlog + 5, backlog + 10, backlog + 15]);
  });
});
