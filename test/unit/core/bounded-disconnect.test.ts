import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { disconnectWithin } from '../../../core/bounded-disconnect.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('disconnectWithin', () => {
  it('moves on with a warning when a disconnect never settles', async () => {
    const { logger, lines } = capturingLogger();
    const started = Date.now();
    await disconnectWithin({ disconnect: () => new Promise<void>(() => undefined) }, 'admin', logger, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(lines).toMatchObject([{ client: 'admin', waitedMs: 50, msg: 'Kafka client did not disconnect in time; moving on' }]);
  });

  it('waits for a disconnect that completes, and logs instead of throwing when it fails', async () => {
    const { logger, lines } = capturingLogger();
    let done = false;
    await disconnectWithin({ disconnect: async () => void (done = true) }, 'admin', logger, 1_000);
    expect(done).toBe(true);
    expect(lines).toEqual([]);
    await disconnectWithin({ disconnect: async () => Promise.reject(new Error('socket gone')) }, 'admin', logger, 1_000);
    expect(lines).toMatchObject([{ client: 'admin', msg: 'Kafka client disconnect failed; moving on' }]);
  });
});
