/**
 * The connector's reader without Kafka: WorkOS pages fetched back to back through the SDK's raw
 * `get('/events')`, as the connector reads them. With emulated latency this is the measured
 * sequential bound the connector's prefetch should approach.
 */
import { SDK_EVENT_NAMES } from '../connector/event-types.js';
import { WorkosEventsReader, type PageRequest } from '../connector/events-reader.js';
import { RequestBudget } from '../connector/request-budget.js';
import { newWorkosClient } from '../connector/workos-client.js';
import type { BenchEnv } from './bench-env.js';
import { BENCH_CONNECTOR_SETTINGS } from './connector-once.js';
import type { BenchEmulator } from './emulator-world.js';
import { nowMs } from './stats.js';

/** Reads every page from the start of retention until `expected` events arrived; returns elapsed ms. */
export async function readAllPages(env: BenchEnv, emulator: BenchEmulator, expected: number): Promise<number> {
  const reader = new WorkosEventsReader({
    workos: newWorkosClient({ apiKey: emulator.apiKey, apiHostname: emulator.hostname, port: emulator.port, https: false }),
    eventTypes: SDK_EVENT_NAMES,
    budget: new RequestBudget(BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND),
    logger: env.logger,
  });
  let request: PageRequest = { rangeStart: new Date(Date.now() - 30 * 86_400_000).toISOString() };
  let seen = 0;
  const started = nowMs();
  while (seen < expected) {
    const page = await reader.fetchPage(request);
    const last = page.at(-1);
    if (last === undefined) throw new Error(`the emulator ran out after ${seen} of ${expected} events`);
    seen += page.length;
    request = { after: last.id };
  }
  return nowMs() - started;
}
