/**
 * The notifier with per-key concurrency, end to end with real processes: one partition holding
 * several organizations' events interleaved, a slow receiver that honours Idempotency-Key. Calls
 * for different organizations overlap, each organization's effects still reach the receiver in
 * event order, and after SIGKILLs of the notifier mid-run (one just before the receiver applies an
 * effect, one just after) and restarts every effect is applied, none twice.
 */
import { describe, expect, it } from 'vitest';
import type { WorkosEvent } from '../../../consumers/events/workos-event.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { uniqueName } from '../../support/kafka-test-kit.js';
import { consumerEnv, effectUrls, KILLABLE_ENV } from './support/consumer-env.js';
import { freshEventsTopic, publishEvents, waitUntilCaughtUp } from './support/consumer-kit.js';
import { freshSqliteConfig, openForTest } from './support/databases.js';
import { generateEventStream, plannedEffects } from './support/event-stream.js';
import { startIdempotentReceiver, type CallFate, type ReceivedCall } from './support/idempotent-receiver.js';
import { runNotifierThroughKills } from './support/notifier-kills.js';

const RECEIVER_LATENCY_MS = 40;
const MAX_IN_FLIGHT = 8;

/**
 * The generator writes one organization's whole history before the next; interleaved, one
 * partition holds many organizations side by side, as live traffic does. Each organization's own
 * events (and the users created with it) keep their order.
 */
function interleaveOrganizations(events: readonly WorkosEvent[]): WorkosEvent[] {
  const blocks: WorkosEvent[][] = [];
  for (const event of events) {
    if (event.event === 'organization.created' || blocks.length === 0) blocks.push([]);
    blocks.at(-1)?.push(event);
  }
  const merged: WorkosEvent[] = [];
  for (let i = 0; merged.length < events.length; i += 1) for (const block of blocks) if (i < block.length) merged.push(block[i] as WorkosEvent);
  return merged;
}

/** Idempotency keys per organization, in the order given. */
function keysByOrganization(items: ReadonlyArray<{ organizationId: string; key: string }>): Map<string, string[]> {
  const byOrganization = new Map<string, string[]>();
  for (const { organizationId, key } of items) byOrganization.set(organizationId, [...(byOrganization.get(organizationId) ?? []), key]);
  return byOrganization;
}

function organizationOf(call: ReceivedCall): string {
  return String((JSON.parse(call.body) as { payload: { organizationId: unknown } }).payload.organizationId);
}

describe('notifier with per-key concurrency inside one partition', () => {
  it('overlaps organizations, keeps each one in event order, and loses or repeats nothing through SIGKILLs', { timeout: 300_000 }, async () => {
    const { kafka, topic, admin } = await freshEventsTopic('notifier-per-key', 1);
    const events = interleaveOrganizations(generateEventStream({ organizations: 6, usersPerOrganization: 30, seed: 41 }));
    const planned = plannedEffects(events);
    await publishEvents(kafka, topic, events);

    const database = freshSqliteConfig();
    const ledger = createSqlEffectLedger(await openForTest(database));
    const receiver = await startIdempotentReceiver({ latencyMs: RECEIVER_LATENCY_MS });
    const groupId = uniqueName('notifier-per-key');
    const env = consumerEnv(topic, database, {
      NOTIFIER_GROUP_ID: groupId,
      ...effectUrls(receiver.url),
      NOTIFIER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      ...KILLABLE_ENV,
      LOG_LEVEL: 'warn',
    });
    const fates = new Map<number, CallFate>([
      [40, 'kill-before-applying'],
      [120, 'kill-after-applying'],
    ]);
    expect(planned.length, 'enough effects for every kill').toBeGreaterThan(160);

    await runNotifierThroughKills(receiver, fates, env, () => waitUntilCaughtUp(admin, groupId, topic, 180_000));

    // Concurrency was on: calls for different organizations were open at the same time.
    expect(receiver.peakOpenCalls, 'calls open at once').toBeGreaterThan(1);
    expect(receiver.peakOpenCalls).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    // Every planned effect applied once by key (0 lost, 0 twice), nothing unplanned, one body per key.
    const applied = receiver.calls.filter((call) => call.applied);
    expect(applied.map((call) => call.key).sort(), 'applied by key = planned').toEqual(planned.map((effect) => effect.idempotencyKey).sort());
    expect(receiver.refused).toBe(0);
    expect(receiver.misrouted).toBe(0);
    expect(receiver.calls.filter((call) => call.dropped)).toHaveLength(1);
    // Each organization's effects were applied in event order, across the kills too.
    const expectedOrder = keysByOrganization(planned.map((effect) => ({ organizationId: String(effect.payload.organizationId), key: effect.idempotencyKey })));
    const appliedOrder = keysByOrganization(applied.map((call) => ({ organizationId: organizationOf(call), key: call.key })));
    expect(appliedOrder.size).toBe(6);
    for (const [organizationId, keys] of expectedOrder) expect(appliedOrder.get(organizationId), organizationId).toEqual(keys);
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });
    console.info(
      `notifier per key: ${planned.length} effects of 6 organizations on 1 partition, ${applied.length} applied by key, ${receiver.calls.length} raw calls, ` +
        `${fates.size} SIGKILLs, up to ${receiver.peakOpenCalls} calls open at once (bound ${MAX_IN_FLIGHT}), per-organization order held`,
    );
  });
});
