/**
 * The campaign's webhook doorbell: each connector replica serves it on its own port, and the
 * emulator delivers a signed webhook for every live event to both, with a delay, losses and
 * duplicates, as WorkOS delivers to each endpoint of a dashboard. Only the active replica polls
 * on a ring; the standby's rings wake nothing. A lost webhook must cost latency only: the
 * fallback poll still reads the event, and the checks find every event exactly once.
 */
import type { EventStore } from '../emulator/event-store.js';
import { freePort } from '../stack/free-port.js';
import { startWebhookSender, type WebhookCounts, type WebhookSender } from '../emulator/webhooks/webhook-sender.js';

/** How the campaign's webhooks are delivered and what the connectors wait without them. */
export const CAMPAIGN_DOORBELL = Object.freeze({
  secret: 'whsec_campaign_doorbell',
  /** Append → POST, ms (a duplicate comes twice as late). */
  delayMs: 50,
  /** Per delivery (event × replica). */
  lossProbability: 0.1,
  duplicateProbability: 0.1,
  /**
   * POLL_INTERVAL_WITH_DOORBELL_MS: the fallback poll once caught up. Short, so an event whose
   * webhooks were both lost still arrives within the run, and the end phase (two empty pages after
   * the last event) does not wait two minutes.
   */
  fallbackPollMs: 5_000,
});

/** The ports of the two replicas' doorbells. */
export interface CampaignDoorbell {
  readonly ports: readonly [number, number];
  readonly urls: readonly string[];
}

/** What the report says about the doorbell. */
export interface DoorbellReport {
  readonly on: true;
  readonly replicas: number;
  readonly delayMs: number;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
  readonly fallbackPollMs: number;
  readonly webhooks: WebhookCounts;
}

/** Picks two ports free a moment ago; each replica keeps its port across restarts. */
export async function planDoorbell(): Promise<CampaignDoorbell> {
  const ports = [await freePort(), await freePort()] as const;
  return { ports, urls: ports.map((port) => `http://127.0.0.1:${port}/webhooks/workos`) };
}

/** The connector settings that turn the doorbell on, on `port`. */
export function doorbellEnvFor(port: number): Record<string, string> {
  return {
    WEBHOOK_DOORBELL_PORT: String(port),
    WEBHOOK_DOORBELL_HOST: '127.0.0.1',
    WEBHOOK_SECRET: CAMPAIGN_DOORBELL.secret,
    POLL_INTERVAL_WITH_DOORBELL_MS: String(CAMPAIGN_DOORBELL.fallbackPollMs),
  };
}

/** Starts delivering a webhook per appended event to both replicas. */
export function startCampaignWebhooks(store: EventStore, doorbell: CampaignDoorbell, seed: number): WebhookSender {
  const { secret, delayMs, lossProbability, duplicateProbability } = CAMPAIGN_DOORBELL;
  return startWebhookSender(store, { url: doorbell.urls, secret, delayMs, lossProbability, duplicateProbability, seed });
}

/** The report's doorbell section. */
export function doorbellReport(sender: WebhookSender): DoorbellReport {
  const { delayMs, lossProbability, duplicateProbability, fallbackPollMs } = CAMPAIGN_DOORBELL;
  return { on: true, replicas: sender.counts.endpoints, delayMs, lossProbability, duplicateProbability, fallbackPollMs, webhooks: { ...sender.counts } };
}

