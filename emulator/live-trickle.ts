import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import type { EventStore } from './event-store.js';
import type { WorldGenerator } from './world/world-generator.js';
import { startWebhookSender, type WebhookSender, type WebhookSenderOptions } from './webhooks/webhook-sender.js';

/** Options of {@link startLiveTrickle}. */
export interface LiveTrickleOptions {
  /** Where new events go. */
  readonly store: EventStore;
  /** Source of events; usually the generator that built the initial world, so state continues. */
  readonly generator: WorldGenerator;
  /** Average rate in events per second of real time (> 0). */
  readonly eventsPerSecond: number;
  /** Stamps `created_at`. Default: the wall clock. Use the emulator's clock. */
  readonly clock?: Clock;
  /** Timer period in ms. Default 1000/rate, clamped to 10–200 ms. */
  readonly tickMs?: number;
  /** Also deliver a signed webhook for every event appended from now on (see `webhooks/webhook-sender.ts`). */
  readonly webhooks?: WebhookSenderOptions;
}

/** A running trickle. */
export interface LiveTrickle {
  /** Events appended so far. */
  readonly emitted: number;
  /** The webhook sender, when `webhooks` was given; `stop()` stops it too (await its `stop()` for the POSTs in flight). */
  readonly webhooks: WebhookSender | undefined;
  /** Stops appending; idempotent. */
  stop(): void;
}

/**
 * Keeps appending generated events so a client sees a live stream. The pace follows real time
 * (not the emulator clock, which a test may have frozen); timestamps come from the clock, never
 * earlier than the newest stored event so stream order and ids stay consistent.
 */
export function startLiveTrickle(options: LiveTrickleOptions): LiveTrickle {
  if (!(options.eventsPerSecond > 0)) throw new RangeError('eventsPerSecond must be greater than 0');
  const clock = options.clock ?? systemClock;
  const tickMs = options.tickMs ?? Math.min(200, Math.max(10, 1000 / options.eventsPerSecond));
  const webhooks = options.webhooks === undefined ? undefined : startWebhookSender(options.store, options.webhooks);
  const startedAt = performance.now();
  let emitted = 0;
  const tick = (): void => {
    const due = Math.floor(((performance.now() - startedAt) * options.eventsPerSecond) / 1000);
    for (; emitted < due; emitted += 1) {
      const at = Math.max(clock.now(), options.store.lastCreatedAtMs ?? 0);
      options.store.append({ ...options.generator.next(at), createdAt: at });
    }
  };
  const timer = setInterval(tick, tickMs);
  // Must not keep a test process alive; the CLI is kept alive by its HTTP server anyway.
  timer.unref();
  return {
    get emitted() {
      return emitted;
    },
    webhooks,
    stop: () => {
      clearInterval(timer);
      void webhooks?.stop();
    },
  };
}
