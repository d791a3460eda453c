/**
 * A sender for tests: records every request and can be told to fail the next attempts.
 */
import type { EffectRequest, EffectSender } from './effect-sender.js';

/** A {@link EffectSender} that keeps what it was sent. */
export interface RecordingSender extends EffectSender {
  /** Requests that succeeded, in order. */
  readonly sent: EffectRequest[];
  /** Every attempt, successful or not, in order. */
  readonly attempts: EffectRequest[];
  /** Makes the next `count` attempts throw `error` (default: a retriable `Error`). */
  failNext(count: number, error?: unknown): void;
}

/** Options for {@link createRecordingSender}. */
export interface RecordingSenderOptions {
  /** What the sender declares (see `EffectSender.receiverIdempotent`). Default false: at most once. */
  readonly receiverIdempotent?: boolean;
}

/** Creates a recording sender. */
export function createRecordingSender(options: RecordingSenderOptions = {}): RecordingSender {
  const sent: EffectRequest[] = [];
  const attempts: EffectRequest[] = [];
  let failures = 0;
  let failure: unknown;
  return {
    kind: 'recording',
    receiverIdempotent: options.receiverIdempotent ?? false,
    sent,
    attempts,
    failNext(count, error = new Error('recording sender: injected failure')) {
      failures = count;
      failure = error;
    },
    async send(request) {
      attempts.push(request);
      if (failures > 0) {
        failures -= 1;
        throw failure;
      }
      sent.push(request);
    },
  };
}
