/**
 * Which start-up failures of a consumer are worth waiting out. Started together with the broker
 * and the connector (docker-compose, a fresh cluster), a consumer may find no broker answering
 * yet, or a broker without the events topic (the connector creates it, with its partitions and
 * retention). Both pass on their own; everything else (credentials, ACLs, a certificate the client
 * refuses, our own configuration errors, a bug) does not, so it stays fatal.
 */
import { causeChain, isCertificateFailure, isConnectorError, isKafkaUnreachable } from '../../core/errors.js';

/** What a consumer waits for: the brokers to answer, or its topic to exist. */
export type StartupWait = 'broker' | 'topic';

/** The `context.reason` of the error the topic probe throws for a topic that is not there (yet). */
export const TOPIC_MISSING_REASON = 'topic-missing';

/**
 * What `err` (thrown while connecting, probing the topic or starting the group) says to wait for;
 * undefined when it is fatal.
 */
export function startupWaitFor(err: unknown): StartupWait | undefined {
  const chain = causeChain(err);
  // Our own verdicts first: a configuration or topic-settings error is final whatever it wraps;
  // KAFKA_ERROR only relays kafkajs, whose errors below decide.
  if (chain.some((link) => isConnectorError(link) && link.code !== 'KAFKA_ERROR')) return undefined;
  if (chain.some(isCertificateFailure)) return undefined;
  if (chain.some(isTopicMissing)) return 'topic';
  if (isKafkaUnreachable(err)) return 'broker';
  // A broker still starting answers retriable protocol errors (COORDINATOR_NOT_AVAILABLE,
  // LEADER_NOT_AVAILABLE, …), and kafkajs wraps its last retry in a non-retriable
  // KafkaJSNumberOfRetriesExceeded: the innermost kafkajs error has the real verdict.
  const innermost = [...chain].reverse().find((link) => field(link, 'name').startsWith('KafkaJS'));
  return innermost !== undefined && (innermost as { retriable?: unknown }).retriable === true ? 'broker' : undefined;
}

function isTopicMissing(link: unknown): boolean {
  return field(link, 'type') === 'UNKNOWN_TOPIC_OR_PARTITION' || (isConnectorError(link) && link.context.reason === TOPIC_MISSING_REASON);
}

/** A string property of an error-like value, '' when absent. */
function field(link: unknown, key: 'name' | 'type'): string {
  if (typeof link !== 'object' || link === null) return '';
  const value = (link as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}
