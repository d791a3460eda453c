/**
 * The notifier's webhook endpoints, in this process: records every delivery by idempotency key,
 * so "no effect ran twice" is checked at the receiving end, not from the notifier's own ledger.
 */
import { startLoopbackReceiver } from '../bench/loopback-receiver.js';

/** What the receiver saw. */
export interface EffectReceiver {
  /** Base URL; the notifier posts to `<url>/welcome-message` and `<url>/deprovision-call`. */
  readonly url: string;
  /** Deliveries answered 2xx, by `Idempotency-Key`. */
  readonly deliveries: ReadonlyMap<string, number>;
  /** Requests whose header and body disagreed, or that had no key. */
  readonly malformed: number;
  /** Requests whose path did not match the effect in the key. */
  readonly misrouted: number;
  close(): Promise<void>;
}

/** Starts the receiver on a free loopback port. */
export async function startEffectReceiver(): Promise<EffectReceiver> {
  const deliveries = new Map<string, number>();
  let malformed = 0;
  let misrouted = 0;
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
        malformed += 1;
        res.writeHead(400).end();
        return;
      }
      if (req.url !== `/${key.slice(0, key.indexOf(':'))}`) misrouted += 1;
      // Counted when accepted: from here on the effect has happened, whatever the sender sees next.
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      // A few ms of latency widen the window in which a SIGKILL lands between send and markDone.
      setTimeout(() => res.writeHead(204).end(), Math.floor(Math.random() * 6));
    },
  });
  return {
    url: server.url,
    deliveries,
    get malformed() {
      return malformed;
    },
    get misrouted() {
      return misrouted;
    },
    close: () => server.close(),
  };
}
