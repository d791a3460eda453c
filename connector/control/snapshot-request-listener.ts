/**
 * Reads snapshot requests for this connector from the control topic, in a consumer group of its
 * own. The run loop takes them when it has caught up with the events, and marks each handled
 * once the snapshot it asks for is stored in the cursor (or found unnecessary); only then is the
 * group's offset committed past it. A crash in between reads the request again, and the cursor
 * then shows it taken (`request-satisfied.ts`).
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import { snapshotRequestProblems, type SnapshotRequest } from '../../schemas/control-record.js';
import { OrderedAcks } from './ordered-acks.js';

/** What the run loop sees of the requests. */
export interface SnapshotRequests {
  /** Starts reading (the topic exists by then: the connector creates it with the others). */
  start(): Promise<void>;
  /** The oldest request not yet handled, if any. */
  peek(): SnapshotRequest | undefined;
  /** The request is handled: its snapshot is stored in the cursor, or it was not needed. */
  handled(request: SnapshotRequest): Promise<void>;
  stop(): Promise<void>;
}

/** Settings for {@link SnapshotRequestListener}. */
export interface SnapshotRequestListenerOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly groupId: string;
  readonly connectorName: string;
  readonly logger: Logger;
}

interface PendingRequest {
  readonly request: SnapshotRequest;
  readonly partition: number;
  readonly offset: string;
}

/** {@link SnapshotRequests} read from the control topic with kafkajs. */
export class SnapshotRequestListener implements SnapshotRequests {
  private consumer: Consumer | undefined;
  private readonly pending: PendingRequest[] = [];
  private readonly acks = new Map<number, OrderedAcks>();

  constructor(private readonly options: SnapshotRequestListenerOptions) {}

  async start(): Promise<void> {
    const { kafka, topic, groupId, logger } = this.options;
    // A restarted reader reads from the last commit again: nothing it held before is kept.
    this.pending.length = 0;
    this.acks.clear();
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 1_000 });
    this.consumer = consumer;
    // kafkajs restarts the reader itself after a retriable error (a coordinator still loading at start-up).
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) logger.info({ err: payload.error }, 'control topic reader restarting after a transient error');
      else logger.warn({ err: payload.error }, 'control topic reader stopped');
    });
    await consumer.connect();
    // From the beginning for a new group: a request made before the connector's first start counts.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const request = this.accept(message.key?.toString(), message.value);
        if (request !== undefined) this.pending.push({ request, partition, offset: message.offset });
        await this.commit(partition, this.acksOf(partition).add(message.offset, request === undefined));
      },
    });
    logger.info({ topic, groupId }, 'listening for snapshot requests');
  }

  peek(): SnapshotRequest | undefined {
    return this.pending[0]?.request;
  }

  async handled(request: SnapshotRequest): Promise<void> {
    const index = this.pending.findIndex((entry) => entry.request.request_id === request.request_id);
    if (index < 0) return;
    const [entry] = this.pending.splice(index, 1) as [PendingRequest];
    await this.commit(entry.partition, this.acksOf(entry.partition).close(entry.offset));
  }

  async stop(): Promise<void> {
    if (this.consumer !== undefined) await disconnectWithin(this.consumer, 'control topic reader', this.options.logger);
    this.consumer = undefined;
  }

  /** The request in a record for this connector, or undefined (another connector's, or unusable: logged). */
  private accept(key: string | undefined, value: Buffer | null): SnapshotRequest | undefined {
    const { connectorName, logger } = this.options;
    if (key !== connectorName) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      logger.warn({ value: value?.toString('utf8').slice(0, 200) }, 'ignoring a control record that is not JSON');
      return undefined;
    }
    const problems = snapshotRequestProblems(parsed);
    if (problems.length > 0) {
      logger.warn({ problems }, 'ignoring a control record that is not a snapshot request');
      return undefined;
    }
    const request = parsed as SnapshotRequest;
    logger.info({ requestId: request.request_id, organizationId: request.organization_id, requestedBy: request.requested_by }, 'snapshot requested; it starts once the connector has caught up with the events');
    return request;
  }

  private acksOf(partition: number): OrderedAcks {
    let acks = this.acks.get(partition);
    if (acks === undefined) this.acks.set(partition, (acks = new OrderedAcks()));
    return acks;
  }

  /**
   * A failed commit loses nothing: the request is read again after a restart or rebalance, and
   * the cursor then shows it taken.
   */
  private async commit(partition: number, offset: string | undefined): Promise<void> {
    if (offset === undefined || this.consumer === undefined) return;
    try {
      await this.consumer.commitOffsets([{ topic: this.options.topic, partition, offset }]);
    } catch (error) {
      this.options.logger.warn({ err: error, partition, offset }, 'could not commit the control topic offset; the request will be read again and found taken');
    }
  }
}
