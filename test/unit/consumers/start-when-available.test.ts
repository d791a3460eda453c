import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startWhenAvailable, type StartWhenAvailableOptions } from '../../../consumers/runtime/start-when-available.js';
import { TOPIC_MISSING_REASON } from '../../../consumers/runtime/startup-failure.js';
import { ConnectorError } from '../../../core/errors.js';

// kafkajs' typings omit the options argument its error constructors take; the runtime ones are used.
type ErrorClass = new (e: unknown, options?: Record<string, unknown>) => Error;
const KafkaJSConnectionError = kafkajs.KafkaJSConnectionError as unknown as ErrorClass;
const KafkaJSNumberOfRetriesExceeded = kafkajs.KafkaJSNumberOfRetriesExceeded as unknown as ErrorClass;
const KafkaJSProtocolError = kafkajs.KafkaJSProtocolError as unknown as ErrorClass;
const KafkaJSSASLAuthenticationError = kafkajs.KafkaJSSASLAuthenticationError as unknown as ErrorClass;

const TOPIC = 'workos.events';
const noBroker = (): Error =>
  new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { code: 'ECONNREFUSED' }), { retryCount: 0, retryTime: 300 });
const noTopic = (): Error => new ConnectorError(`topic "${TOPIC}" does not exist yet`, { code: 'KAFKA_ERROR', retriable: true, context: { reason: TOPIC_MISSING_REASON } });

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/**
 * A harness: the probe answers from `outcomes` in turn (then succeeds), every wait takes 1 s of a
 * fake clock, log lines and readiness reasons are kept.
 */
function harness(outcomes: Array<Error | 'ok'>, overrides: Partial<StartWhenAvailableOptions<string>> = {}) {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as LogLine), done()) }));
  let clock = 0;
  const reasons: string[] = [];
  const calls = { probe: 0, start: 0 };
  const options: StartWhenAvailableOptions<string> = {
    probe: async () => {
      calls.probe += 1;
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome !== 'ok') throw outcome;
    },
    start: async () => {
      calls.start += 1;
      return 'run';
    },
    topic: TOPIC,
    brokers: ['kafka-1:9092', 'kafka-2:9092'],
    signal: new AbortController().signal,
    logger,
    onWaiting: (reason) => reasons.push(reason),
    sleep: async () => {
      clock += 1_000;
    },
    now: () => clock,
    ...overrides,
  };
  return { options, lines, reasons, calls };
}

describe('startWhenAvailable', () => {
  it('starts at once when Kafka and the topic are there, and says nothing about waiting', async () => {
    const h = harness([]);
    expect(await startWhenAvailable(h.options)).toBe('run');
    expect(h.calls).toEqual({ probe: 1, start: 1 });
    expect(h.reasons).toEqual([]);
    expect(h.lines).toEqual([]);
  });

  it('waits for the brokers, then for the topic, then starts; readiness and the log say which, never at error level', async () => {
    const h = harness([noBroker(), noBroker(), noTopic(), noTopic()]);
    expect(await startWhenAvailable(h.options)).toBe('run');
    expect(h.calls).toEqual({ probe: 5, start: 1 });
    expect(h.reasons).toEqual(['waiting for Kafka brokers', 'waiting for Kafka brokers', `waiting for topic ${TOPIC}`, `waiting for topic ${TOPIC}`]);
    // One line when each wait begins (the interval is 10 s; this took 4 s), then one when it ends.
    expect(h.lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'waiting for the Kafka brokers to answer; not consuming yet'],
      [30, `waiting for topic "${TOPIC}" to exist (the connector creates it); not consuming yet`],
      [30, 'Kafka and the topic are available; starting to consume'],
    ]);
    expect(h.lines[0]).toMatchObject({ brokers: ['kafka-1:9092', 'kafka-2:9092'], cause: expect.stringContaining('ECONNREFUSED') });
    expect(h.lines[2]).toMatchObject({ waitedMs: 4_000 });
  });

  it('repeats the log line about a long wait once per interval', async () => {
    const h = harness(Array.from({ length: 25 }, noTopic));
    await startWhenAvailable(h.options);
    const waits = h.lines.filter((l) => l.msg.startsWith('waiting for topic'));
    expect(waits.map((l) => l.waitedMs)).toEqual([0, 10_000, 20_000]);
  });

  it('probes again when the start itself finds the topic gone (a race with its creation)', async () => {
    const h = harness([]);
    let starts = 0;
    h.options.start = async () => {
      starts += 1;
      if (starts === 1) throw new KafkaJSProtocolError({ message: 'This server does not host this topic-partition', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true });
      return 'run';
    };
    expect(await startWhenAvailable(h.options)).toBe('run');
    expect(starts).toBe(2);
    expect(h.calls.probe).toBe(2);
    expect(h.reasons).toEqual([`waiting for topic ${TOPIC}`]);
  });

  it('rejects at once with a fatal error, unchanged, and never starts', async () => {
    const denied = new KafkaJSSASLAuthenticationError('SASL PLAIN authentication failed');
    const h = harness([noBroker(), denied]);
    await expect(startWhenAvailable(h.options)).rejects.toBe(denied);
    expect(h.calls).toEqual({ probe: 2, start: 0 });
  });

  it('resolves undefined, without starting, when the stop comes during a wait', async () => {
    const stop = new AbortController();
    const h = harness(Array.from({ length: 1_000 }, noTopic), { signal: stop.signal });
    // The real sleep, cut short by the abort.
    h.options.sleep = (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    h.options.policy = { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 };
    const result = startWhenAvailable(h.options);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = Date.now();
    stop.abort();
    expect(await result).toBeUndefined();
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(h.calls.start).toBe(0);
    expect(h.lines.at(-1)?.msg).toBe('stop requested before the consumer group started');
  });

  it('resolves undefined when the stop comes while a probe hangs (a connect that never answers)', async () => {
    const stop = new AbortController();
    const h = harness([], { signal: stop.signal });
    h.options.probe = () => new Promise<void>(() => undefined);
    const result = startWhenAvailable(h.options);
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    expect(await result).toBeUndefined();
    expect(h.calls.start).toBe(0);
  });
});
