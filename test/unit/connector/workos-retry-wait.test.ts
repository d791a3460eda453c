import type { WorkOS } from '@workos-inc/node';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget } from '../../../connector/request-budget.js';
import { getFromWorkos, WORKOS_RETRY_POLICY } from '../../../connector/workos-request.js';
import { computeBackoffDelay, resolveRetryPolicy } from '../../../core/retry.js';

/** A client whose first GET fails with a 503 as the SDK reports it, and whose second succeeds. */
function failingOnce(): WorkOS {
  let calls = 0;
  const get = async (): Promise<{ data: unknown }> => {
    calls += 1;
    if (calls === 1) throw Object.assign(new Error('Service Unavailable'), { name: 'GenericServerException', status: 503 });
    return { data: { ok: true } };
  };
  return { get } as unknown as WorkOS;
}

afterEach(() => vi.restoreAllMocks());

describe('the wait before retrying a WorkOS request', () => {
  it('is never zero after a 5xx, even at the far end of the random draw', async () => {
    // Full jitter would wait round(500 · (1 − 0.99999)) = 0 ms here and retry at once.
    vi.spyOn(Math, 'random').mockReturnValue(0.99999);
    const waits: number[] = [];
    const body = await getFromWorkos(
      { workos: failingOnce(), budget: new RequestBudget(1_000), logger: pino({ level: 'silent' }), observer: { onRetryWait: ({ delayMs }) => waits.push(delayMs) } },
      '/events',
      {},
      undefined,
      (data) => data,
    );
    expect(body).toEqual({ ok: true });
    expect(waits).toEqual([250]);
  });

  it('keeps every wait within [half, all] of its backoff ceiling', () => {
    const policy = resolveRetryPolicy(WORKOS_RETRY_POLICY);
    for (const [attempt, ceiling] of [
      [1, 500],
      [2, 1_000],
      [8, 30_000],
    ] as const) {
      expect(computeBackoffDelay(policy, attempt, 0, () => 0)).toBe(ceiling);
      expect(computeBackoffDelay(policy, attempt, 0, () => 0.999999)).toBe(ceiling / 2);
    }
  });
});
