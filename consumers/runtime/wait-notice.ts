/**
 * What a consumer says while it waits at start-up, and how often. The probe behind it runs every
 * few seconds; the log should not: one line when a wait begins or changes (broker → topic), then
 * one per interval, so an operator sees what is missing without a wall of identical lines.
 */
import type { StartupWait } from './startup-failure.js';

/** How a wait is shown: `/readyz`'s reason, and the log line at its level. */
export interface WaitNotice {
  readonly reason: string;
  readonly message: string;
  /** A missing topic is the normal first start (the connector creates it): info. No broker: warn. Never error: it is not fatal. */
  readonly level: 'info' | 'warn';
}

/** The notice for waiting on `kind`. */
export function waitNotice(kind: StartupWait, topic: string): WaitNotice {
  return kind === 'topic'
    ? { reason: `waiting for topic ${topic}`, message: `waiting for topic "${topic}" to exist (the connector creates it); not consuming yet`, level: 'info' }
    : { reason: 'waiting for Kafka brokers', message: 'waiting for the Kafka brokers to answer; not consuming yet', level: 'warn' };
}

/** Default interval between two log lines about the same wait, ms. */
export const WAIT_LOG_INTERVAL_MS = 10_000;

/** The reporter's memory: what was last logged, and when. */
export interface WaitLogState {
  readonly kind: StartupWait;
  readonly loggedAt: number;
}

/** Whether a failed attempt waiting on `kind` at `now` is logged, and the state to keep. */
export function nextWaitLog(state: WaitLogState | undefined, kind: StartupWait, now: number, intervalMs = WAIT_LOG_INTERVAL_MS): { log: boolean; state: WaitLogState } {
  const log = state === undefined || state.kind !== kind || now - state.loggedAt >= intervalMs;
  return { log, state: log ? { kind, loggedAt: now } : (state as WaitLogState) };
}
