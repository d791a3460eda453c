/**
 * Bridges kafkajs' pluggable `logCreator` to pino, so broker chatter lands in the same JSON
 * stream with `component: 'kafkajs'` and kafkajs' namespace (`Producer`, `Cluster`, …) as a field.
 */
// kafkajs is CommonJS and Node's ESM loader cannot see most of its named exports
// (ConfigResourceTypes, the error classes); the default import always works.
import kafkajs from 'kafkajs';
import type { LogEntry, logCreator } from 'kafkajs';
import type { Level, Logger } from 'pino';

const { logLevel } = kafkajs;

/** pino method for each kafkajs level; NOTHING has none. */
const PINO_METHOD: Readonly<Record<number, Level | undefined>> = Object.freeze({
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
});

/**
 * Broker answers kafkajs logs at ERROR ("Response Metadata(…)" with the answer in `error`, or
 * "Failed to send messages: …") although it retries them, or its group protocol handles them, as
 * Kafka intends. They come with every start (a topic just created, a coordinator still loading on
 * a fresh broker, a group rebalancing as members join) and after every commit
 * (CONCURRENT_TRANSACTIONS while the broker writes the markers), so they are debug. Matched by
 * kafkajs' own wording of each answer (`kafkajs/src/protocol/error.js`; the unit test holds them
 * to it), because kafkajs logs the message, not the type.
 */
export const ROUTINE_ANSWERS: Readonly<Record<string, string>> = Object.freeze({
  UNKNOWN_TOPIC_OR_PARTITION: 'This server does not host this topic-partition',
  LEADER_NOT_AVAILABLE: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
  NOT_LEADER_FOR_PARTITION: 'This server is not the leader for that topic-partition',
  REPLICA_NOT_AVAILABLE: 'The replica is not available for the requested topic-partition',
  GROUP_LOAD_IN_PROGRESS: "The coordinator is loading and hence can't process requests for this group",
  GROUP_COORDINATOR_NOT_AVAILABLE: 'The group coordinator is not available',
  NOT_COORDINATOR_FOR_GROUP: 'This is not the correct coordinator for this group',
  NOT_CONTROLLER: 'This is not the correct controller for this cluster',
  CONCURRENT_TRANSACTIONS: 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
  OFFSET_NOT_AVAILABLE: 'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing',
  UNSTABLE_OFFSET_COMMIT: 'There are unstable offsets that need to be cleared',
  FETCH_SESSION_ID_NOT_FOUND: 'The fetch session ID was not found',
  INVALID_FETCH_SESSION_EPOCH: 'The fetch session epoch is invalid',
  FENCED_LEADER_EPOCH: 'The leader epoch in the request is older than the epoch on the broker',
  UNKNOWN_LEADER_EPOCH: 'The leader epoch in the request is newer than the epoch on the broker',
  // Not retriable for kafkajs, but the consumer's group protocol answers them by rejoining.
  REBALANCE_IN_PROGRESS: 'The group is rebalancing, so a rejoin is needed',
  ILLEGAL_GENERATION: 'Specified group generation id is not valid',
  UNKNOWN_MEMBER_ID: 'The coordinator is not aware of this member',
  MEMBER_ID_REQUIRED: 'The group member needs to have a valid member id before actually entering a consumer group',
});

/** The {@link ROUTINE_ANSWERS} kafkajs retries itself: a consumer that crashed on one of them is restarted. */
const RETRIED_ANSWERS = Object.entries(ROUTINE_ANSWERS)
  .filter(([type]) => !['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'MEMBER_ID_REQUIRED'].includes(type))
  .map(([, message]) => message);

/**
 * Lines about a broker connection that kafkajs retries (a broker restarting or not up yet). If
 * it stays away, the role's own retry logs it (warn) and, in the end, its failure (error).
 */
const CONNECTION_RETRIES = [/^Connection error: /, /^Connection timeout/, /^Failed to connect to seed broker, trying another broker/, /^Failed to connect to broker, reconnecting/];

/**
 * A consumer crash kafkajs restarts: it gave up retrying (it then always restarts), lost its
 * connection, or hit a retried answer. The role's own CRASH listener says so at warn or info,
 * and "Restarting the consumer in …" follows. A crash it does not restart stays an error.
 */
const RESTARTED_CRASH = /^Crash: (KafkaJSNumberOfRetriesExceeded|KafkaJSConnectionError|KafkaJSConnectionClosedError|KafkaJSRequestTimeoutError): /;
const PROTOCOL_CRASH = 'Crash: KafkaJSProtocolError: ';

/** kafkajs' runner line after an UNKNOWN_MEMBER_ID answer. */
const REJOINING = 'The coordinator is not aware of this member, re-joining the group';

/**
 * kafkajs warns this whenever an idempotent producer's retries are bounded. The one such producer
 * here is the connector's transactional one (`connector/publisher.ts`), where a send whose
 * retries run out aborts its transaction and the page is published again after reconciling with
 * the stored cursor: a `read_committed` reader still sees each event once. A warn on every start
 * would be noise, so it is info.
 */
export const LIMITED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * The level a kafkajs entry is written at: routine answers go down to debug; connection retries,
 * consumer restarts and the crash before one to info; a member rejoining after it was dropped to
 * warn; everything else (a crash kafkajs does not restart, a refused request, a failed listener)
 * as kafkajs logged it.
 */
export function effectiveKafkaLevel(level: number, message: string, error: unknown): number {
  if (level === logLevel.WARN && message === LIMITED_RETRIES_WARNING) return logLevel.INFO;
  if (level !== logLevel.ERROR) return level;
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  if (message.startsWith('Crash: ')) {
    const restarted = RESTARTED_CRASH.test(message) || (message.startsWith(PROTOCOL_CRASH) && RETRIED_ANSWERS.some((answer) => message.includes(answer)));
    return restarted ? logLevel.INFO : level;
  }
  if (message.startsWith('Restarting the consumer in ')) return logLevel.INFO;
  // The member was dropped from the group (it missed its session timeout) and rejoins: worth a
  // look, not an alert.
  if (message.startsWith(REJOINING)) return logLevel.WARN;
  if (CONNECTION_RETRIES.some((pattern) => pattern.test(message))) return logLevel.INFO;
  return Object.values(ROUTINE_ANSWERS).some((answer) => text.includes(answer)) ? logLevel.DEBUG : level;
}

/**
 * A kafkajs `logCreator` writing to a child of `logger` (`component: 'kafkajs'`). Each record
 * carries kafkajs' `namespace` plus its extra fields (`broker`, `clientId`, `error`, …); kafkajs'
 * own `timestamp` and `logger` fields are dropped because pino stamps its own.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const method = PINO_METHOD[effectiveKafkaLevel(level, message, extra.error)];
      if (method === undefined) return;
      child[method]({ namespace, ...extra }, message);
    };
}

/**
 * The kafkajs level matching a pino level, so kafkajs does not even build entries pino would drop
 * (kafkajs filters before calling the log function). `trace` maps to DEBUG, `silent` to NOTHING.
 */
export function toKafkaLogLevel(level: string): number {
  switch (level) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'error':
    case 'fatal':
      return logLevel.ERROR;
    default:
      return logLevel.NOTHING;
  }
}
