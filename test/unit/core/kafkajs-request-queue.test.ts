import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../../core/kafka-client.js';
import { isKafkajsRequestQueueMended } from '../../../core/kafkajs-request-queue.js';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
}
type QueueClass = new (options: Record<string, unknown>) => Queue;
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as QueueClass;

/** A queue as kafkajs builds one per broker connection. */
function newQueue(): Queue {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const queue = new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'test', broker: 'b:9092', logger, isConnected: () => true });
  queue.destroy(); // Only its request-timeout interval; the check timers are what is tested.
  return queue;
}

afterEach(() => vi.restoreAllMocks());

describe("kafkajs' pending-request check, as every role loads it", () => {
  it('is the mended one once the Kafka client module is loaded', () => {
    expect(isKafkajsRequestQueueMended()).toBe(true);
  });

  // In this process the checker's own import mends the queue, so the case above cannot tell
  // whether the client module does. A fresh process that loads only `kafkajs-client` can.
  it('comes with every client newKafkaClient makes, in a process that loads nothing else of the project', () => {
    const timersOnIdleCheck = (load: string): string =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `${load}
          const { createRequire } = await import('node:module');
          const RequestQueue = createRequire(process.cwd() + '/')('kafkajs/src/network/requestQueue/index.js');
          const logger = { debug() {}, info() {}, warn() {}, error() {} };
          const queue = new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30000, enforceRequestTimeout: true, clientId: 't', broker: 'b:9092', logger, isConnected: () => true });
          queue.destroy();
          let timers = 0;
          const original = globalThis.setTimeout;
          globalThis.setTimeout = (...args) => { timers += 1; return original(...args); };
          queue.scheduleCheckPendingRequests();
          globalThis.setTimeout = original;
          clearTimeout(queue.throttleCheckTimeoutId ?? undefined);
          process.stdout.write(String(timers));`,
        ],
        { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      ).trim();
    expect(timersOnIdleCheck("const { newKafkaClient } = await import('./core/kafkajs-client.ts'); newKafkaClient({ brokers: ['127.0.0.1:9'] });")).toBe('0');
    // The control: kafkajs as released arms a timer on an idle connection.
    expect(timersOnIdleCheck('')).toBe('1');
  });

  it('sets no timer when nothing waits, so an idle connection is not woken every millisecond', () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const queue = newQueue();
    queue.scheduleCheckPendingRequests(); // Never throttled: throttledUntil is -1, minus the epoch away.
    queue.checkPendingRequests();
    expect(setTimer).not.toHaveBeenCalled();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('checks a waiting request when the throttle ends, or after 10 ms when it is not throttled', () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const queue = newQueue();
    queue.pending.push({});
    queue.throttledUntil = Date.now() + 5_000;
    queue.scheduleCheckPendingRequests();
    const throttledDelay = setTimer.mock.calls[0]?.[1] ?? 0;
    expect(throttledDelay).toBeGreaterThan(4_000);
    expect(throttledDelay).toBeLessThanOrEqual(5_000);
    queue.scheduleCheckPendingRequests(); // One timer at a time.
    expect(setTimer).toHaveBeenCalledTimes(1);

    clearTimeout(queue.throttleCheckTimeoutId ?? undefined);
    queue.throttleCheckTimeoutId = null;
    queue.throttledUntil = -1;
    queue.scheduleCheckPendingRequests();
    expect(setTimer.mock.calls[1]?.[1]).toBe(10);
    clearTimeout(queue.throttleCheckTimeoutId ?? undefined);
  });
});
