/**
 * The slow receiver of the keyed benchmark: an HTTP endpoint that takes a fixed time to answer
 * each call, applies each Idempotency-Key once (as the receivers the notifier is for do), and keeps
 * the order in which each organization's effects were applied, so the benchmark can check that
 * concurrency across organizations kept every organization's own order.
 */
import { startLoopbackReceiver } from './loopback-receiver.js';
import { nowMs } from './stats.js';

/** The receiver. */
export interface KeyedReceiver {
  /** Base URL; effects go to `<url>/<effect name>`. */
  readonly url: string;
  /** Raw calls, repeats included. */
  readonly calls: number;
  /** Idempotency keys applied, per organization, in the order they were applied. */
  readonly appliedByOrganization: ReadonlyMap<string, readonly string[]>;
  /** Keys applied (each once). */
  readonly appliedCount: number;
  /** Most calls open at the same time. */
  readonly peakOpenCalls: number;
  /** When the first call arrived and when the last first-time call was answered (`nowMs` clock), or undefined. */
  readonly firstCallAtMs: number | undefined;
  readonly lastAnsweredAtMs: number | undefined;
  /** Resolves once `count` keys were applied and answered. */
  waitForApplied(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port that answers every call after `latencyMs`. */
export async function startKeyedReceiver(latencyMs: number): Promise<KeyedReceiver> {
  const appliedByOrganization = new Map<string, string[]>();
  const applied = new Set<string>();
  let answered = 0;
  let calls = 0;
  let firstCallAtMs: number | undefined;
  let lastAnsweredAtMs: number | undefined;
  let waiter: { count: number; resolve: () => void } | undefined;
  const server = await startLoopbackReceiver({
    arrived() {
      firstCallAtMs ??= nowMs();
      calls += 1;
    },
    received(req, res, body) {
      const key = String(req.headers['idempotency-key'] ?? '');
      const first = key !== '' && !applied.has(key);
      if (first) {
        applied.add(key);
        const organization = String((JSON.parse(body) as { payload?: { organizationId?: unknown } }).payload?.organizationId ?? 'none');
        appliedByOrganization.set(organization, [...(appliedByOrganization.get(organization) ?? []), key]);
      }
      setTimeout(() => {
        res.writeHead(first ? 201 : 200).end();
        if (!first) return;
        answered += 1;
        lastAnsweredAtMs = nowMs();
        if (waiter !== undefined && answered >= waiter.count) waiter.resolve();
      }, latencyMs);
    },
  });
  return {
    url: server.url,
    appliedByOrganization,
    get calls() {
      return calls;
    },
    get appliedCount() {
      return applied.size;
    },
    get peakOpenCalls() {
      return server.peakOpenCalls;
    },
    get firstCallAtMs() {
      return firstCallAtMs;
    },
    get lastAnsweredAtMs() {
      return lastAnsweredAtMs;
    },
    waitForApplied: (count) =>
      answered >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiter = { count, resolve };
          }),
    close: () => server.close(),
  };
}
