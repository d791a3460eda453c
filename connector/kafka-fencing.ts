import { causeChain } from '../core/errors.js';

// kafkajs 2.2.4 has no PRODUCER_FENCED mapping; brokers answer old clients with
// INVALID_PRODUCER_EPOCH instead (apache/kafka#8549). Both mean another instance took over.
const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

/** True when a kafkajs error says a newer producer with our transactional id fenced this one. */
export function isFencedError(error: unknown): boolean {
  return causeChain(error).some((link) => {
    const type = (link as { type?: unknown } | null)?.type;
    return typeof type === 'string' && FENCED_TYPES.has(type);
  });
}
