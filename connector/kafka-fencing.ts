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

/**
 * True when the broker failed an EndTxn with UNKNOWN_SERVER_ERROR. Kafka 3.9 and 4.x answer a
 * producer whose epoch is being fenced this way when the fence and its commit race (the
 * coordinator throws "Preparing transaction state transition to ONGOING while it already a
 * pending state PREPARE_EPOCH_FENCE"): seen on 4 of 11 fresh 4.4.0 brokers in the fencing test.
 * A commit answered so is not applied, so stopping loses nothing; retrying would re-register the
 * transactional id and fence the newer instance in turn.
 */
export function isCommitFencingRace(error: unknown): boolean {
  return causeChain(error).some((link) => (link as { type?: unknown } | null)?.type === 'UNKNOWN_SERVER_ERROR');
}
