/**
 * The webhook doorbell: with a long poll interval, signed webhooks make the connector read a
 * live stream within a fraction of a second at a few requests a second; when every webhook is
 * lost the long interval still delivers every event; a webhook that fails verification gets 401
 * and makes no request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosClient } from '../../../connector/create-connector.js';
import { serveDoorbell } from '../../../connector/doorbell/doorbell-wiring.js';
import type { WebhookEndpoint } from '../../../connector/doorbell/webhook-endpoint.js';
import { createLogger } from '../../../core/logger.js';
import { startLiveTrickle, type LiveTrickle } from '../../../emulator/live-trickle.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { postWebhook, webhookBody } from '../../../emulator/webhooks/webhook-sender.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { connectorEnv, freshConnectorNames, startConnector, type InProcessConnector } from '../../support/connector-harness.js';
import { freePort } from '../../support/free-port.js';
import { waitFor } from '../../support/wait-for.js';

const SECRET = 'whsec_integration_doorbell';
const HISTORY = 20;
let emulator: WorkosEmulator | undefined;
let run: InProcessConnector | undefined;
let endpoint: WebhookEndpoint | null = null;
let trickle: LiveTrickle | undefined;
afterEach(async () => {
  trickle?.stop();
  await trickle?.webhooks?.stop();
  await run?.stop();
  await endpoint?.close();
  await emulator?.close();
  trickle = undefined;
  run = undefined;
  endpoint = null;
  emulator = undefined;
});

const eventRequests = (): number => emulator?.stats.countFor('/events') ?? 0;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** A caught-up connector with the doorbell on, its endpoint served as the connector role serves it. */
async function doorbellConnector(seed: number, longIntervalMs: number): Promise<{ url: string; generator: ReturnType<typeof createWorldGenerator> }> {
  emulator = await createWorkosEmulator({ seed });
  const generator = createWorldGenerator({ seed, organizations: 5 });
  const now = Date.now();
  emulator.store.appendMany(generator.generate(HISTORY, now - 3_600_000, now - 60_000));
  run = startConnector(
    connectorEnv(emulator, freshConnectorNames(), {
      WEBHOOK_DOORBELL_PORT: String(await freePort()),
      WEBHOOK_DOORBELL_HOST: '127.0.0.1',
      WEBHOOK_SECRET: SECRET,
      POLL_INTERVAL_WITH_DOORBELL_MS: String(longIntervalMs),
      POLL_MIN_INTERVAL_WITH_DOORBELL_MS: '200',
    }),
  );
  endpoint = await serveDoorbell(run.config, run.connector.doorbell, createWorkosClient(run.config), createLogger({ level: 'warn', pretty: false }));
  if (endpoint === null) throw new Error('the doorbell is off');
  const { progress } = run.connector.lag;
  await waitFor(() => progress.eventsPublished === HISTORY, 'the history to be published', 60_000, 10);
  return { url: endpoint.url, generator };
}

/** Per live event: the moment the connector had published it minus its append, ms. */
function trackLatencies(): { latencies: () => number[]; stop: () => void } {
  const appendedAt: number[] = [];
  const publishedAt: number[] = [];
  const unsubscribe = emulator?.store.onAppend(() => appendedAt.push(Date.now())) ?? (() => undefined);
  const progress = run?.connector.lag.progress;
  // Events are published in stream order: the count says which ones are out.
  const sample = (): void => {
    const live = (progress?.eventsPublished ?? 0) - HISTORY;
    while (publishedAt.length < Math.min(live, appendedAt.length)) publishedAt.push(Date.now());
  };
  const timer = setInterval(sample, 2);
  return {
    latencies: () => publishedAt.map((at, i) => at - (appendedAt[i] as number)),
    stop: () => {
      // The caller saw the last page published; the 2 ms timer may not have yet.
      sample();
      clearInterval(timer);
      unsubscribe();
    },
  };
}

describe('webhook doorbell', () => {
  it('with a 60 s poll interval, webhooks bring a live stream to Kafka within a second at a few requests a second', { timeout: 120_000 }, async () => {
    const { url, generator } = await doorbellConnector(71, 60_000);
    const tracker = trackLatencies();
    const before = eventRequests();
    const started = Date.now();
    trickle = startLiveTrickle({ store: (emulator as WorkosEmulator).store, generator, eventsPerSecond: 20, webhooks: { url, secret: SECRET, duplicateProbability: 0.2, seed: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    trickle.stop();
    const offered = trickle.emitted;
    const streamMs = Date.now() - started;
    const progress = (run as InProcessConnector).connector.lag.progress;
    await waitFor(() => progress.eventsPublished === HISTORY + offered, 'every live event to be published', 10_000, 5);
    const requests = eventRequests() - before;
    tracker.stop();
    const latencies = tracker.latencies();
    expect(latencies).toHaveLength(offered);
    expect(offered).toBeGreaterThanOrEqual(100);
    expect(trickle.webhooks?.counts.answered2xx).toBeGreaterThanOrEqual(offered);
    console.info(`doorbell: ${offered} events in ${streamMs} ms, median ${median(latencies)} ms, max ${Math.max(...latencies)} ms, ${requests} GET /events`);
    // Without the doorbell the next poll would come up to 60 s later; with it, about 200 ms.
    expect(median(latencies), `latencies ${latencies.join(', ')}`).toBeLessThan(1_000);
    // Rings are coalesced to one poll per POLL_MIN_INTERVAL_WITH_DOORBELL_MS (200 ms), plus the tail.
    expect(requests).toBeLessThanOrEqual(Math.ceil(streamMs / 200) + 3);
  });

  it('with every webhook lost, the long interval still delivers every event', { timeout: 120_000 }, async () => {
    const { url, generator } = await doorbellConnector(72, 3_000);
    const tracker = trackLatencies();
    trickle = startLiveTrickle({ store: (emulator as WorkosEmulator).store, generator, eventsPerSecond: 10, webhooks: { url, secret: SECRET, lossProbability: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    trickle.stop();
    const offered = trickle.emitted;
    const progress = (run as InProcessConnector).connector.lag.progress;
    await waitFor(() => progress.eventsPublished === HISTORY + offered, 'every live event to be published', 15_000, 5);
    tracker.stop();
    expect(trickle.webhooks?.counts.sent).toBe(0);
    expect(offered).toBeGreaterThanOrEqual(35);
    const latencies = tracker.latencies();
    expect(latencies).toHaveLength(offered);
    // Read at the long interval, not at once: no webhook arrived.
    expect(Math.max(...latencies)).toBeGreaterThan(1_500);
    expect(Math.max(...latencies)).toBeLessThan(3_000 + 2_000);
  });

  it('a webhook with a bad signature gets 401 and triggers no poll; a good one triggers one', { timeout: 120_000 }, async () => {
    const { url } = await doorbellConnector(73, 60_000);
    const store = (emulator as WorkosEmulator).store;
    const progress = (run as InProcessConnector).connector.lag.progress;
    // Let the loop settle into its long wait.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const event = store.append({ event: 'organization.created', data: { object: 'organization', id: 'org_doorbell_test', name: 'Bell', domains: [] } });
    const before = eventRequests();
    expect(await postWebhook(url, webhookBody(event), 'whsec_wrong')).toBe(401);
    const forged = JSON.stringify({ id: event.id, event: event.event, data: { forged: true }, created_at: event.created_at });
    expect(await postWebhook(url.replace('/webhooks/workos', '/elsewhere'), forged, SECRET)).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(eventRequests() - before).toBe(0);
    expect(progress.eventsPublished).toBe(HISTORY);
    const sentAt = Date.now();
    expect(await postWebhook(url, webhookBody(event), SECRET)).toBe(200);
    await waitFor(() => progress.eventsPublished === HISTORY + 1, 'the event to be published after a good webhook', 5_000, 5);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(eventRequests() - before).toBeGreaterThanOrEqual(1);
    expect(endpoint?.counts).toEqual({ verified: 1, rejected: 1 });
  });
});
