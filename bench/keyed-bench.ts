/**
 * Benchmark 7: the notifier draining one partition of many organizations' events into a slow
 * receiver, with per-key concurrency (the notifier's default) beside one record at a time. Every
 * event calls for one effect, so one at a time cannot beat `events × receiver latency` (the serial
 * bound); the target is a drain at least 5× faster than that bound. Each repetition also checks
 * that every organization's effects were applied in event order and each exactly once.
 */
import { createEventDecoder } from '../consumers/config/event-decoder.js';
import { parseWorkosEvent } from '../consumers/events/workos-event.js';
import { createEffectExecutor } from '../consumers/notifier/effect-executor.js';
import { startNotifier } from '../consumers/notifier/notifier-consumer.js';
import { planEffects } from '../consumers/notifier/plan-effects.js';
import { createHttpWebhookSender } from '../consumers/notifier/senders/http-webhook-sender.js';
import { createSqlEffectLedger } from '../consumers/notifier/sql-effect-ledger.js';
import { say, type BenchEnv } from './bench-env.js';
import { freshDatabase } from './databases.js';
import { fillEventsTopic } from './events-topic.js';
import { keyedEvents } from './keyed-events.js';
import { startKeyedReceiver } from './keyed-receiver.js';
import type { BenchOptions } from './options.js';
import { atLeast, measured, type BenchResult } from './report.js';
import { median, nowMs, perSecond } from './stats.js';

/** One notifier run: how long it took and whether every organization kept its order. */
interface DrainRun {
  readonly drainMs: number;
  readonly joinToFirstCallMs: number;
  readonly organizationsInOrder: number;
  readonly organizations: number;
  readonly peakOpenCalls: number;
  readonly rawCalls: number;
  readonly applied: number;
}

/** Runs benchmark 7. */
export async function benchKeyed(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const events = keyedEvents(options.keyedEvents, options.keyedOrganizations, Date.now() - 3_600_000);
  const planned = events.flatMap((event) => planEffects(parseWorkosEvent(JSON.parse(JSON.stringify(event)) as unknown)));
  if (planned.length !== events.length) throw new Error(`expected one effect per event, planned ${planned.length} for ${events.length}`);
  const expectedByOrganization = new Map<string, string[]>();
  for (const effect of planned) {
    const organization = String(effect.payload.organizationId);
    expectedByOrganization.set(organization, [...(expectedByOrganization.get(organization) ?? []), effect.idempotencyKey]);
  }
  const topic = env.name('keyed-events');
  const fillMs = await fillEventsTopic(env, topic, 1, events, events.length);
  say(`filled ${topic} (1 partition) with ${events.length} events of ${options.keyedOrganizations} organizations in ${(fillMs / 1000).toFixed(1)} s`);
  const serialBoundMs = events.length * options.keyedLatencyMs;

  const drainOnce = async (maxInFlight: number, label: string): Promise<DrainRun> => {
    const database = freshDatabase(env, options.keyedDatabase, options.databaseUrl);
    const ledger = createSqlEffectLedger(await database.open());
    await ledger.migrate();
    const receiver = await startKeyedReceiver(options.keyedLatencyMs);
    const sender = (effect: string) => createHttpWebhookSender({ url: `${receiver.url}/${effect}`, receiverIdempotent: true });
    const executor = createEffectExecutor({
      ledger,
      senders: { 'welcome-message': sender('welcome-message'), 'deprovision-call': sender('deprovision-call') },
      logger: env.logger,
    });
    const groupId = env.name(`keyed-${label}`);
    env.dropGroupsLater(groupId);
    const run = await startNotifier({ kafka: env.kafka(groupId), executor, decode: createEventDecoder(topic, env.registryUrl), logger: env.logger, topic, groupId, maxInFlightPerPartition: maxInFlight });
    try {
      await run.joined;
      const joinedAt = nowMs();
      // Ample: three times what one at a time needs, plus a minute for the group.
      const limitMs = 3 * serialBoundMs + 60_000;
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`keyed ${label}: ${receiver.appliedCount} of ${planned.length} effects after ${limitMs} ms`)), limitMs);
      });
      try {
        await Promise.race([receiver.waitForApplied(planned.length), timedOut]);
      } finally {
        clearTimeout(deadline);
      }
      let organizationsInOrder = 0;
      for (const [organization, keys] of expectedByOrganization) {
        const applied = receiver.appliedByOrganization.get(organization) ?? [];
        if (applied.length === keys.length && applied.every((key, i) => key === keys[i])) organizationsInOrder += 1;
      }
      return {
        drainMs: (receiver.lastAnsweredAtMs as number) - (receiver.firstCallAtMs as number),
        joinToFirstCallMs: (receiver.firstCallAtMs as number) - joinedAt,
        organizationsInOrder,
        organizations: expectedByOrganization.size,
        peakOpenCalls: receiver.peakOpenCalls,
        rawCalls: receiver.calls,
        applied: receiver.appliedCount,
      };
    } finally {
      await run.stop();
      await receiver.close();
      await ledger.close();
      await database.drop();
    }
  };

  const keyed: DrainRun[] = [];
  const serial: DrainRun[] = [];
  for (let rep = 1; rep <= options.reps; rep += 1) {
    const sides = [
      async (): Promise<void> => {
        const result = await drainOnce(options.keyedInFlight, `in-flight-${options.keyedInFlight}-r${rep}`);
        keyed.push(result);
        say(`keyed rep ${rep}: ${options.keyedInFlight} in flight drained ${result.applied} effects in ${result.drainMs.toFixed(0)} ms (peak ${result.peakOpenCalls} calls open; ${result.organizationsInOrder}/${result.organizations} organizations in order)`);
      },
      async (): Promise<void> => {
        const result = await drainOnce(1, `serial-r${rep}`);
        serial.push(result);
        say(`keyed rep ${rep}: one at a time drained ${result.applied} effects in ${result.drainMs.toFixed(0)} ms (${result.organizationsInOrder}/${result.organizations} organizations in order)`);
      },
    ];
    // Alternate which side goes first, so neither always meets a colder or warmer broker.
    for (let i = 0; i < sides.length; i += 1) await (sides[(i + rep - 1) % sides.length] as () => Promise<void>)();
  }
  const speedUps = keyed.map((run) => serialBoundMs / run.drainMs);
  const runs = [...keyed, ...serial];
  const outOfOrder = runs.reduce((sum, run) => sum + (run.organizations - run.organizationsInOrder), 0);
  const notExactlyOnce = runs.filter((run) => run.applied !== planned.length || run.rawCalls !== planned.length).length;
  return {
    name: 'keyed',
    title: 'notifier drain of one partition into a slow receiver: per-key concurrency vs one record at a time',
    settings: {
      events: events.length,
      effects: planned.length,
      organizations: options.keyedOrganizations,
      partitions: 1,
      receiverLatencyMs: options.keyedLatencyMs,
      maxInFlightPerPartition: options.keyedInFlight,
      database: options.keyedDatabase,
      serialBoundMs,
      reps: options.reps,
    },
    measurements: [
      measured(`drain, ${options.keyedInFlight} in flight per partition`, 'ms', keyed.map((run) => run.drainMs)),
      measured(`drain, one record at a time`, 'ms', serial.map((run) => run.drainMs)),
      measured('serial bound (events × latency)', 'ms', [serialBoundMs]),
      measured(`effects/s, ${options.keyedInFlight} in flight`, 'effects/s', keyed.map((run) => perSecond(run.applied, run.drainMs))),
      measured('effects/s, one at a time', 'effects/s', serial.map((run) => perSecond(run.applied, run.drainMs))),
      measured('speed-up vs serial bound', 'ratio', speedUps),
      measured('speed-up vs one at a time (per pair)', 'ratio', keyed.map((run, i) => (serial[i] as DrainRun).drainMs / run.drainMs)),
      measured('peak calls open at the receiver', 'calls', keyed.map((run) => run.peakOpenCalls)),
      measured('organizations with effects in event order', 'orgs', keyed.map((run) => run.organizationsInOrder)),
      measured('group joined → first call', 'ms', keyed.map((run) => run.joinToFirstCallMs)),
    ],
    targets: [atLeast('drain speed-up vs the serial bound (median)', median(speedUps), 5)],
    notes: [
      `order: ${outOfOrder === 0 ? 'every organization received its effects in event order in every run' : `${outOfOrder} organization-runs out of event order`}`,
      `exactly once: ${notExactlyOnce === 0 ? `${planned.length} effects applied by key and ${planned.length} raw calls in every run` : `${notExactlyOnce} runs with a lost or repeated call`}`,
      'drain: from the first call reaching the receiver to the answer to the last effect (the group join is reported apart)',
    ],
    durationMs: nowMs() - started,
  };
}
