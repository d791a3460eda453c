/**
 * An HTTP receiver that behaves as a receiver honouring `Idempotency-Key` does (Stripe, an inbox
 * table): the first call with a key applies the effect, a repeat with the same body is answered
 * 200 and not applied again, a repeat with another body is refused (422). It also keeps every raw
 * call, so a test sees the resends the keys absorbed, and it can kill the notifier at a chosen
 * call: before applying it (the effect has not happened: at most once would lose it) or after
 * (it has happened, but the notifier never hears so).
 */
import { onTestFinished } from 'vitest';
import { startLoopbackReceiver } from '../../../../bench/loopback-receiver.js';

/** What to do with the n-th raw call. */
export type CallFate = 'kill-before-applying' | 'kill-after-applying';

/** One raw call as received. */
export interface ReceivedCall {
  readonly n: number;
  readonly key: string;
  readonly path: string;
  readonly body: string;
  /** Whether this call applied the effect (the first accepted call with its key). */
  readonly applied: boolean;
  /** Dropped by a kill before it was applied. */
  readonly dropped: boolean;
}

/** The receiver. */
export interface IdempotentReceiver {
  /** Base URL; effects go to `<url>/<effect name>`. */
  readonly url: string;
  readonly calls: readonly ReceivedCall[];
  /** The body each key was applied with. */
  readonly applied: ReadonlyMap<string, string>;
  /** Repeats of a key with another body, or with no key / a key the body does not carry. */
  readonly refused: number;
  /** Calls to the path of another effect than their key names. */
  readonly misrouted: number;
  /** Most calls open at the same time so far. */
  readonly peakOpenCalls: number;
  /** Kills the current notifier at the n-th raw call (1-based); `kill` is called then. */
  plan(fates: ReadonlyMap<number, CallFate>, kill: () => void): void;
}

/** Options of {@link startIdempotentReceiver}. */
export interface IdempotentReceiverOptions {
  /** How long the receiver takes to answer a call, ms. Default 2, a little latency as a real receiver has. */
  readonly latencyMs?: number;
}

/** Starts the receiver on a free loopback port; closed when the test finishes. */
export async function startIdempotentReceiver(options: IdempotentReceiverOptions = {}): Promise<IdempotentReceiver> {
  const latencyMs = options.latencyMs ?? 2;
  const calls: ReceivedCall[] = [];
  const applied = new Map<string, string>();
  let refused = 0;
  let misrouted = 0;
  let fates: ReadonlyMap<number, CallFate> = new Map();
  let kill: () => void = () => undefined;
  const server = await startLoopbackReceiver({
    received(req, res, body) {
      const key = req.headers['idempotency-key'];
      let bodyKey: unknown;
      try {
        bodyKey = (JSON.parse(body) as { idempotencyKey?: unknown }).idempotencyKey;
      } catch {
        bodyKey = undefined;
      }
      if (typeof key !== 'string' || key !== bodyKey) {
        refused += 1;
        res.writeHead(400).end();
        return;
      }
      const path = req.url ?? '';
      if (path !== `/${key.slice(0, key.indexOf(':'))}`) misrouted += 1;
      const n = calls.length + 1;
      const fate = fates.get(n);
      if (fate === 'kill-before-applying') {
        calls.push({ n, key, path, body, applied: false, dropped: true });
        kill();
        req.socket.destroy();
        return;
      }
      const earlier = applied.get(key);
      if (earlier !== undefined && earlier !== body) {
        refused += 1;
        calls.push({ n, key, path, body, applied: false, dropped: false });
        res.writeHead(422).end();
        return;
      }
      if (earlier === undefined) applied.set(key, body);
      calls.push({ n, key, path, body, applied: earlier === undefined, dropped: false });
      if (fate === 'kill-after-applying') {
        kill();
        req.socket.destroy();
        return;
      }
      setTimeout(() => res.writeHead(earlier === undefined ? 201 : 200).end(), latencyMs);
    },
  });
  onTestFinished(() => server.close());
  return {
    url: server.url,
    calls,
    applied,
    get refused() {
      return refused;
    },
    get misrouted() {
      return misrouted;
    },
    get peakOpenCalls() {
      return server.peakOpenCalls;
    },
    plan(next, onKill) {
      fates = next;
      kill = onKill;
    },
  };
}
