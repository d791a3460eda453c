/**
 * The emulator's webhooks: for each event appended to the store after it starts, a signed POST
 * to one URL, as WorkOS delivers events to a webhook endpoint, with the faults a real delivery
 * has: a delay, loss (WorkOS gives up, or the request never arrives) and duplicates (WorkOS
 * retries a delivery it thinks failed). Seeded, so one seed reproduces one run's losses.
 */
import type { EventStore } from '../event-store.js';
import type { WorkosEvent } from '../event-types.js';
import { createRng } from '../prng.js';
import { SIGNATURE_HEADER, signWebhook } from './sign-webhook.js';

/** Options of {@link startWebhookSender}. */
export interface WebhookSenderOptions {
  /**
   * The endpoint, or several: WorkOS delivers every event to each endpoint the dashboard lists,
   * each delivery with its own delay, loss and duplicates.
   */
  readonly url: string | readonly string[];
  /** The endpoint's secret (the dashboard shows it; the receiver verifies with it). */
  readonly secret: string;
  /** Time from the append to the POST, ms. Default 0. */
  readonly delayMs?: number;
  /** Probability (0–1) that an event's webhook is never sent. Default 0. */
  readonly lossProbability?: number;
  /** Probability (0–1) that a sent webhook is sent a second time, `delayMs` later. Default 0. */
  readonly duplicateProbability?: number;
  readonly seed?: number;
  /** Sign with this secret instead (a receiver must refuse it). */
  readonly signingSecret?: string;
}

/** Counts of a sender. */
export interface WebhookCounts {
  /** Events appended while it ran. */
  events: number;
  /** Endpoints each event is delivered to. */
  endpoints: number;
  /** Deliveries (one per event and endpoint) lost on purpose. */
  lost: number;
  /** POSTs made (duplicates included) and how they were answered. */
  sent: number;
  duplicates: number;
  answered2xx: number;
  answeredOther: number;
  /** POSTs that got no answer (connection refused, reset). */
  failed: number;
}

/** A running sender. */
export interface WebhookSender {
  readonly counts: WebhookCounts;
  /** Stops sending for new events and waits for the POSTs in flight. */
  stop(): Promise<void>;
}

/** The body WorkOS POSTs: the event's id, name, data and creation time. */
export function webhookBody(event: WorkosEvent): string {
  return JSON.stringify({ id: event.id, event: event.event, data: event.data, created_at: event.created_at });
}

/** Sends one signed webhook; resolves with the status, or null when nothing answered. */
export async function postWebhook(url: string, body: string, secret: string, nowMs: number = Date.now()): Promise<number | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(body, secret, nowMs) },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

/** Starts sending a webhook for every event `store` appends from now on. */
export function startWebhookSender(store: EventStore, options: WebhookSenderOptions): WebhookSender {
  const rng = createRng(options.seed ?? 1);
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const counts: WebhookCounts = { events: 0, endpoints: urls.length, lost: 0, sent: 0, duplicates: 0, answered2xx: 0, answeredOther: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const delayMs = options.delayMs ?? 0;
  const secret = options.signingSecret ?? options.secret;
  const post = (url: string, body: string): void => {
    counts.sent += 1;
    // Signed when sent, as WorkOS does: a delayed delivery carries its own timestamp.
    const sending = postWebhook(url, body, secret).then((status) => {
      if (status === null) counts.failed += 1;
      else if (status >= 200 && status < 300) counts.answered2xx += 1;
      else counts.answeredOther += 1;
    });
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  const later = (ms: number, action: () => void): void => {
    if (ms <= 0) return action();
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const unsubscribe = store.onAppend((event) => {
    counts.events += 1;
    const body = webhookBody(event);
    for (const url of urls) {
      if (rng.chance(options.lossProbability ?? 0)) {
        counts.lost += 1;
        continue;
      }
      const duplicate = rng.chance(options.duplicateProbability ?? 0);
      later(delayMs, () => post(url, body));
      if (duplicate) {
        counts.duplicates += 1;
        later(2 * delayMs, () => post(url, body));
      }
    }
  });
  return {
    counts,
    async stop() {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...inFlight]);
    },
  };
}
