/**
 * Every check of a run, against the emulator's ground truth, and the list of violations they
 * found (each one a broken guarantee; an empty list is a pass).
 */
import type { Admin } from 'kafkajs';
import { SDK_EVENT_NAMES } from '../connector/event-types.js';
import { createSqlEffectLedger, createSqlMirrorStore } from '../consumers/index.js';
import type { EventStore } from '../emulator/index.js';
import type { CampaignNames } from './campaign-env.js';
import type { ChaosResult } from './chaos.js';
import { checkEffects, type EffectsCheck } from './check-effects.js';
import { checkEvents, type EventsCheck } from './check-events.js';
import { checkMirror, mirrorModel, type MirrorCheck } from './check-mirror.js';
import type { EffectReceiver } from './effect-receiver.js';
import type { FinishResult } from './finish.js';
import { deadLetters } from './group-offsets.js';
import type { Pipeline } from './pipeline.js';
import { unknownSchemaIds } from './read-topic.js';

/** The checks' figures. */
export interface CheckResults {
  /** Served events the connector was not asked for (types outside its selection). */
  readonly notSelected: number;
  readonly events: EventsCheck;
  readonly unknownSchemaIds: number[];
  readonly mirror: MirrorCheck;
  readonly effects: EffectsCheck;
  readonly receiver: { malformed: number; misrouted: number };
  readonly deadLetters: { mirror: number; notifier: number };
  readonly checkMs: number;
}

/** Runs the checks; call it after every role has stopped. */
export async function runChecks(store: EventStore, finish: FinishResult, pipeline: Pipeline, receiver: EffectReceiver, admin: Admin, names: CampaignNames, registryUrl: string): Promise<CheckResults> {
  const started = Date.now();
  const selected = new Set<string>(SDK_EVENT_NAMES);
  const expected: number[] = [];
  for (let i = 0; i < store.size; i += 1) if (selected.has(store.at(i)?.event ?? '')) expected.push(i);
  const events = checkEvents(store, expected, finish.read.records);
  // The consumers see decoded JSON, so the models start from the JSON the emulator served.
  const values = (): Iterable<unknown> => expected.map((i) => JSON.parse(store.jsonAt(i)) as unknown);
  const db = await pipeline.openDatabase();
  try {
    const mirror = await checkMirror(createSqlMirrorStore(db), mirrorModel(values()));
    const effects = checkEffects(values(), receiver.deliveries, await createSqlEffectLedger(db).list());
    return {
      notSelected: store.size - expected.length,
      events,
      unknownSchemaIds: await unknownSchemaIds(registryUrl, events.schemaIds),
      mirror,
      effects,
      receiver: { malformed: receiver.malformed, misrouted: receiver.misrouted },
      deadLetters: {
        mirror: await deadLetters(admin, `${names.mirrorGroup}.dlq`),
        notifier: await deadLetters(admin, `${names.notifierGroup}.dlq`),
      },
      checkMs: Date.now() - started,
    };
  } finally {
    await db.close();
  }
}

/** Every broken guarantee, one line each. */
export function violationsOf(checks: CheckResults, finish: FinishResult, chaos: ChaosResult, notifierUnplannedExits: number): string[] {
  const violations: string[] = [];
  const expectZero = (what: string, value: number): void => {
    if (value !== 0) violations.push(`${what}: ${value}`);
  };
  if (!finish.connectorCaughtUp) violations.push('the connector did not catch up with the stream within 10 minutes');
  if (!finish.consumersCaughtUp) violations.push(`the consumers did not catch up (mirror ${finish.finalLag.mirror}, notifier ${finish.finalLag.notifier} records behind)`);
  for (const [role, exit] of [['connector', finish.connectorExit], ['connector replica', finish.replicaExit], ['directory mirror', finish.mirrorExit], ['notifier', finish.notifierExit]] as const) {
    if (exit !== 0) violations.push(`the ${role} exited ${exit} after SIGTERM (expected 0)`);
  }
  const e = checks.events;
  expectZero('events lost', e.lost);
  expectZero('events duplicated', e.duplicated);
  expectZero('unexpected records', e.unexpected);
  expectZero('events out of order within their key', e.outOfOrder);
  expectZero('decoded values unequal to what WorkOS served', e.valueMismatches);
  expectZero('undecodable records', e.undecodable);
  expectZero('records not keyed by their organization', e.keyMismatches);
  expectZero('keys on more than one partition', e.splitKeys);
  expectZero('records whose workos-event-id header is not their id', e.headerMismatches);
  expectZero('schema ids unknown to the registry', checks.unknownSchemaIds.length);
  expectZero('mirror rows missing', checks.mirror.missing);
  expectZero('mirror rows extra', checks.mirror.extra);
  expectZero('mirror rows different from the model', checks.mirror.different);
  const f = checks.effects;
  expectZero('effects delivered more than once (keys)', f.duplicateKeys);
  expectZero('planned effects never delivered', f.lost);
  expectZero('deliveries no event calls for', f.unplanned);
  expectZero('planned effects with no ledger row', f.missingFromLedger);
  expectZero('ledger rows done but never delivered', f.doneNotDelivered);
  expectZero('deliveries without a ledger claim', f.deliveredWithoutClaim);
  expectZero('ledger rows with a malformed idempotency key', f.badKeys);
  expectZero('ledger rows failed', f.ledger.failed);
  expectZero('malformed webhook requests', checks.receiver.malformed);
  expectZero('webhook requests to the wrong endpoint', checks.receiver.misrouted);
  expectZero('dead letters of the mirror', checks.deadLetters.mirror);
  expectZero('dead letters of the notifier', checks.deadLetters.notifier);
  // Each notifier death can leave at most one claimed-but-unfinished effect per partition in flight.
  const inDoubtBound = 3 * (chaos.kills.notifier.kills + notifierUnplannedExits);
  if (f.ledger.started > inDoubtBound) violations.push(`in-doubt effects ${f.ledger.started} exceed 3 per notifier death (${inDoubtBound})`);
  return violations;
}
