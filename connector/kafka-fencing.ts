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
 * Answers that, inside a transaction, mean a fence is racing it. Kafka 3.9 and 4.x answer a
 * producer whose epoch is being fenced with UNKNOWN_SERVER_ERROR when the fence and its request
 * race (the coordinator throws "Preparing transaction state transition to ONGOING while it
 * already a pending state PREPARE_EPOCH_FENCE"): seen on 4 of 11 fresh 4.4.0 brokers in the
 * fencing test, on the commit and on other transactional requests. INVALID_TXN_STATE is the same
 * race seen from the other side. kafkajs marks both non-retriable; nothing of the transaction is
 * applied, so stopping as fenced loses nothing, while re-registering the transactional id to
 * retry would fence the newer instance in turn.
 */
const FENCING_RACE_TYPES = new Set(['UNKNOWN_SERVER_ERROR', 'INVALID_TXN_STATE']);

/** True when a failed transactional request was answered with one of {@link FENCING_RACE_TYPES}. */
export function isFencingRace(error: unknown): boolean {
  return causeChain(error).some((link) => {
    const type = (link as { type?: unknown } | null)?.type;
    return typeof type === 'string' && FENCING_RACE_TYPES.has(type);
  });
}
