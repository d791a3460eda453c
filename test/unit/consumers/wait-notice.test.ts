import { describe, expect, it } from 'vitest';
import { nextWaitLog, waitNotice, type WaitLogState } from '../../../consumers/runtime/wait-notice.js';

describe('waitNotice', () => {
  it('names the topic, at info: a missing topic is the normal first start', () => {
    expect(waitNotice('topic', 'workos.events')).toEqual({
      reason: 'waiting for topic workos.events',
      message: 'waiting for topic "workos.events" to exist (the connector creates it); not consuming yet',
      level: 'info',
    });
  });

  it('says the brokers do not answer, at warn', () => {
    expect(waitNotice('broker', 'workos.events')).toMatchObject({ reason: 'waiting for Kafka brokers', level: 'warn' });
  });
});

describe('nextWaitLog', () => {
  /** Which of `attempts` (kind, time) are logged, in order. */
  const logged = (attempts: ReadonlyArray<['broker' | 'topic', number]>, intervalMs = 10_000): number[] => {
    let state: WaitLogState | undefined;
    const at: number[] = [];
    for (const [kind, now] of attempts) {
      const next = nextWaitLog(state, kind, now, intervalMs);
      state = next.state;
      if (next.log) at.push(now);
    }
    return at;
  };

  it('logs the first failure, then once per interval while the wait is the same', () => {
    const everySecond = Array.from({ length: 25 }, (_, i) => ['topic', i * 1_000] as ['topic', number]);
    expect(logged(everySecond)).toEqual([0, 10_000, 20_000]);
  });

  it('logs at once when the wait changes (the broker came up, the topic is still missing)', () => {
    expect(
      logged([
        ['broker', 0],
        ['broker', 2_000],
        ['topic', 3_000],
        ['topic', 5_000],
        ['broker', 6_000],
      ]),
    ).toEqual([0, 3_000, 6_000]);
  });

  it('counts the interval from the last line logged, not from the first failure', () => {
    expect(logged([['topic', 0], ['topic', 9_999], ['topic', 10_000], ['topic', 19_999], ['topic', 20_000]])).toEqual([0, 10_000, 20_000]);
  });
});
