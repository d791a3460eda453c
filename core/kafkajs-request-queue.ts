/**
 * Mends a kafkajs 2.2.4 defect every process of this project would otherwise carry
 * (tulios/kafkajs#1704, #1751; fixes proposed upstream, never released).
 *
 * After every response, `RequestQueue.scheduleCheckPendingRequests` sets a timer for
 * `throttledUntil - Date.now()`. `throttledUntil` is -1 until a broker throttles, so the delay
 * is minus the epoch: Node 24 and later print a `TimeoutNegativeWarning` on stderr, and Node runs
 * the timer after 1 ms, whose check schedules the next one. Each broker connection so wakes the
 * process about 1,000 times a second for as long as it lives, with nothing to do.
 *
 * The replacement schedules a check only when one can be due: a request waits in the queue
 * (checked when the throttle ends, or after kafkajs' 10 ms otherwise, as before). With the queue
 * empty nothing is scheduled: `push` schedules again when a request has to wait.
 */
import { createRequire } from 'node:module';

/** The fields of kafkajs' `RequestQueue` the check reads; kafkajs has no types for them. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' `CHECK_PENDING_REQUESTS_INTERVAL`: how soon a waiting request is looked at again. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The scheduling kafkajs meant: a timer only while a request waits, never a negative delay. */
export function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId !== null || this.pending.length === 0) return;
  const untilThrottleEndsMs = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilThrottleEndsMs > 0 ? untilThrottleEndsMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/**
 * The module kafkajs itself loads (same resolved file, so the same class in the CJS cache).
 * Resolved from here, as `import 'kafkajs'` is.
 */
const requestQueueClass = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueInternals };

/** Installs {@link scheduleCheckPendingRequests} on kafkajs' class; idempotent. */
export function mendKafkajsRequestQueue(): void {
  requestQueueClass.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}

/** Whether the class in use is the mended one (for tests and diagnostics). */
export function isKafkajsRequestQueueMended(): boolean {
  return requestQueueClass.prototype.scheduleCheckPendingRequests === scheduleCheckPendingRequests;
}

mendKafkajsRequestQueue();
