/** Histogram buckets shared by the project's latency series, in seconds. */

/**
 * Kafka transactions and WorkOS requests: a healthy one takes tens of milliseconds, a retried or
 * throttled one seconds, and anything past 30 s is already a timeout elsewhere.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);

/** Record handlers: a database write is sub-millisecond to a few ms; a sender call up to its timeout. */
export const HANDLER_BUCKETS_SECONDS: readonly number[] = Object.freeze([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
