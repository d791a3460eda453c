/**
 * The consumer runtime with per-key concurrency (`maxInFlightPerPartition`) against the real
 * broker: retries in place and dead-lettering stay per record while other keys go on, each key
 * keeps its order, and a stop in the middle commits only below the lowest unfinished record.
 */
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../../consumers/runtime/dead-letter.js';
import type { HandlerContext } from '../../../consumers/runtime/record-types.js';
import { ConnectorError } from '../../../core/errors.js';
import { connectedAdmin, createTestTopic, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { publishRaw, waitUntilCaughtUp } from './support/consumer-kit.js';
import { startNumberedGroup, type Numbered } from './support/numbered-group.js';

const KEYS = 6;

interface Seen {
  readonly n: number;
  readonly offset: number;
  readonly attempt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records `{n}` keyed `k<n mod keys>`, all in partition 0. */
const keyed = (from: number, to: number, keys = KEYS) =>
  Array.from({ length: to - from }, (_, i) => ({ key: `k${(from + i) % keys}`, value: JSON.stringify({ n: from + i }), partition: 0 }));

/** A group reading `topic` with `maxInFlight` records in flight, its handler taking `work` per record. */
async function perKeyGroup(topic: string, groupId: string, maxInFlight: number, work: (value: Numbered, ctx: HandlerContext) => Promise<void>) {
  const handled: Seen[] = [];
  let open = 0;
  let peak = 0;
  const handler = async (value: Numbered, ctx: HandlerContext) => {
    open += 1;
    peak = Math.max(peak, open);
    try {
      await work(value, ctx);
    } finally {
      open -= 1;
    }
    handled.push({ n: value.n, offset: Number(ctx.record.offset), attempt: ctx.attempt });
  };
  const run = await startNumberedGroup(topic, groupId, handler, { maxInFlightPerPartition: maxInFlight });
  return { run, handled, peak: () => peak };
}

describe('consumer runtime with per-key concurrency', () => {
  it('retries in place and dead-letters one record while other keys go on; each key stays in order', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-per-key', 1);
    const groupId = uniqueName('per-key');
    const group = await perKeyGroup(topic, groupId, 4, async ({ n }, ctx) => {
      await sleep(15);
      if (n === 7) throw new ConnectorError('poison', { code: 'HANDLER_FAILED', retriable: false });
      if (n === 14 && ctx.attempt < 3) throw new ConnectorError('not yet', { code: 'HANDLER_FAILED', retriable: true });
    });
    await publishRaw(kafka, topic, keyed(0, 60));
    const admin = await connectedAdmin(kafka);
    await waitUntilCaughtUp(admin, groupId, topic);

    expect(group.handled.map((seen) => seen.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n).filter((n) => n !== 7));
    expect(group.handled.find((seen) => seen.n === 14)?.attempt, 'retried in place until it succeeded').toBe(3);
    expect(group.peak(), 'records of different keys at once').toBeGreaterThan(1);
    expect(group.peak()).toBeLessThanOrEqual(4);
    for (let key = 0; key < KEYS; key += 1) {
      const order = group.handled.filter((seen) => seen.n % KEYS === key).map((seen) => seen.n);
      expect(order, `key k${key} in offset order`).toEqual([...order].sort((a, b) => a - b));
    }
    const [deadLetter] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(JSON.parse(String(deadLetter?.value))).toEqual({ n: 7 });
    expect(deadLetter?.key).toBe('k1');
    expect(deadLetter?.headers[DLQ_HEADERS.offset]).toBe('7');
  });

  it('on stop commits only below the lowest unfinished record; the next member redelivers from there and nothing is skipped', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-per-key-stop', 1);
    const groupId = uniqueName('per-key-stop');
    await publishRaw(kafka, topic, keyed(0, 40));
    // Record 9 (key k3) outlasts the stop and gives up on it: it is interrupted, unfinished.
    const first = await perKeyGroup(topic, groupId, 4, async ({ n }, ctx) => {
      if (n !== 9) return sleep(20);
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      throw new Error('interrupted by the stop');
    });
    await waitFor(() => first.handled.some((seen) => seen.n > 9), 'records past 9 of other keys to finish');
    await first.run.stop();
    const admin = await connectedAdmin(kafka);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedOffset = Number(committed?.partitions[0]?.offset);
    expect(first.handled.some((seen) => seen.offset > 9), 'records after 9 finished before the stop').toBe(true);
    expect(committedOffset, 'never past the unfinished record 9').toBeLessThanOrEqual(9);
    const handledBefore = new Set(first.handled.map((seen) => seen.offset));
    for (let offset = 0; offset < committedOffset; offset += 1) expect(handledBefore.has(offset), `offset ${offset} below the commit was handled`).toBe(true);

    const second = await perKeyGroup(topic, groupId, 4, () => sleep(5));
    await waitUntilCaughtUp(admin, groupId, topic);
    expect(Math.min(...second.handled.map((seen) => seen.offset)), 'redelivery starts at the committed offset').toBe(committedOffset);
    const everHandled = new Set([...first.handled, ...second.handled].map((seen) => seen.offset));
    expect(everHandled.size, 'every record handled by one member or the other').toBe(40);
    expect(second.handled.some((seen) => seen.n === 9)).toBe(true);
  });
});
