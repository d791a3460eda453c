/**
 * The connector's membership of its lease group: every replica of one connector name joins the
 * consumer group `workos-kafka-connector.<name>.control` on the one-partition control topic, and
 * the member that owns partition 0 is the active replica (the lease pattern; Kafka's group
 * protocol elects it, `lease-assigner.ts` keeps it where it is). The owner also receives the
 * control records: snapshot requests, which stay uncommitted until the run loop has stored the
 * snapshot they ask for (see `request-queue.ts`). A replica that loses the partition, to a
 * rebalance or a lost session, sees `lost` abort; a standby that is given it resolves `acquire`.
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import { retry } from '../../core/retry.js';
import type { SnapshotRequest } from '../../schemas/control-record.js';
import { leaseAssigner } from './lease-assigner.js';
import { SnapshotRequestQueue, type SnapshotRequests } from './request-queue.js';

/** The lease as the active replica holds it. */
export interface Lease {
  /** Aborts when another replica is given the lease, or this one's group membership ends. */
  readonly lost: AbortSignal;
  /** The group generation (counted by this replica) in which it was given the lease. */
  readonly generation: number;
}

/** Settings for {@link ControlChannel}. */
export interface ControlChannelOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly groupId: string;
  readonly connectorName: string;
  readonly logger: Logger;
  /** The group session timeout: how long a replica that stopped answering keeps the lease. */
  readonly sessionTimeoutMs: number;
  /** Told after each assignment whether this replica is active or stands by (metrics, health). */
  readonly onActiveChange?: (active: boolean) => void;
}

/** The lease and the snapshot requests, from one kafkajs consumer. */
export class ControlChannel implements SnapshotRequests {
  private consumer: Consumer | undefined;
  private generation = 0;
  private lease: { controller: AbortController; generation: number } | undefined;
  private since = Date.now();
  private stopped = false;
  private readonly requests: SnapshotRequestQueue;
  /** `acquire` calls waiting for the group to assign again: woken, not polling. */
  private readonly assignmentWaiters = new Set<() => void>();

  constructor(private readonly options: ControlChannelOptions) {
    this.requests = new SnapshotRequestQueue(options.connectorName, options.logger, (partition, offset) => this.commit(partition, offset));
  }

  /** Joins the lease group; resolves once joined (as active or standby). */
  async start(): Promise<void> {
    const { kafka, topic, groupId, logger, sessionTimeoutMs } = this.options;
    this.requests.reset();
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.max(200, Math.floor(sessionTimeoutMs / 5)),
      rebalanceTimeout: sessionTimeoutMs,
      maxWaitTimeInMs: 1_000,
      partitionAssigners: [leaseAssigner(() => ({ active: this.lease !== undefined, since: this.since }))],
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.onAssignment((payload.memberAssignment[topic] ?? []).length > 0));
    // kafkajs restarts the consumer itself after a retriable error (a coordinator still loading at start-up).
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.onAssignment(false);
      if (payload.restart) {
        logger.info({ err: payload.error }, 'lease group member restarting after a transient error');
        return;
      }
      // kafkajs gives up on a broker that stays away longer than its own retries: join again, or
      // no replica would ever hold the lease once the cluster is back.
      logger.warn({ err: payload.error }, 'lease group member stopped; joining again');
      void this.rejoin(consumer);
    });
    await consumer.connect();
    // From the beginning for a new group: a request made before the connector's first start counts.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => this.requests.receive(partition, message.offset, message.key?.toString(), message.value),
    });
  }

  /**
   * Resolves once this replica holds the lease, or undefined when `signal` aborts. After being
   * fenced, `after` asks for a newer group generation than the one it was fenced in, or for
   * `untilMs` to pass (a one-shot fence, like `reset-cursor`, comes with no rebalance).
   */
  async acquire(signal: AbortSignal, after?: { generation: number; untilMs: number }): Promise<Lease | undefined> {
    let said = false;
    while (!signal.aborted) {
      const lease = this.lease;
      if (lease !== undefined && (after === undefined || this.generation > after.generation || Date.now() >= after.untilMs)) {
        return { lost: lease.controller.signal, generation: this.generation };
      }
      if (!said && lease === undefined) this.options.logger.info({ groupId: this.options.groupId }, 'standing by: another replica of this connector is active');
      said = true;
      await this.nextAssignment(signal, lease === undefined ? undefined : after?.untilMs);
    }
    return undefined;
  }

  /** Resolves at the next assignment, at `untilMs`, or when `signal` aborts, whichever is first. */
  private nextAssignment(signal: AbortSignal, untilMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.assignmentWaiters.delete(wake);
        signal.removeEventListener('abort', wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = untilMs === undefined ? undefined : setTimeout(wake, Math.max(0, untilMs - Date.now()));
      this.assignmentWaiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      if (signal.aborted) wake();
    });
  }

  peek(): SnapshotRequest | undefined {
    return this.requests.peek();
  }

  handled(request: SnapshotRequest): Promise<void> {
    return this.requests.handled(request);
  }

  /** Replaces a consumer kafkajs stopped for good, retrying while the cluster is unreachable. */
  private async rejoin(crashed: Consumer): Promise<void> {
    if (this.consumer !== crashed || this.stopped) return;
    await disconnectWithin(crashed, 'lease group member', this.options.logger);
    await retry(
      async () => {
        if (this.stopped) return;
        try {
          await this.start();
        } catch (error) {
          const failed = this.consumer;
          this.consumer = undefined;
          if (failed !== undefined) await disconnectWithin(failed, 'lease group member', this.options.logger);
          throw error;
        }
      },
      {
        policy: { maxAttempts: Infinity, initialDelayMs: 1_000, maxDelayMs: 10_000 },
        isRetriable: () => !this.stopped,
        onRetry: ({ attempt, delayMs, error }) => this.options.logger.warn({ attempt, delayMs, err: error }, 'lease group not joinable yet; retrying'),
      },
    ).catch((error: unknown) => this.options.logger.error({ err: error }, 'could not join the lease group again; restart this replica'));
  }

  /** Leaves the group for good: no rejoin after this. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.stop();
  }

  /** Leaves the group (a later `start()` joins again). */
  async stop(): Promise<void> {
    this.onAssignment(false);
    if (this.consumer !== undefined) await disconnectWithin(this.consumer, 'lease group member', this.options.logger);
    this.consumer = undefined;
  }

  private onAssignment(owns: boolean): void {
    this.generation += 1;
    if (owns && this.lease === undefined) {
      this.lease = { controller: new AbortController(), generation: this.generation };
      this.since = Date.now();
      this.options.logger.info({ groupId: this.options.groupId }, 'this replica holds the lease: it is the active connector');
    } else if (!owns && this.lease !== undefined) {
      this.lease.controller.abort();
      this.lease = undefined;
      this.since = Date.now();
      // The new holder reads them again from the last commit.
      this.requests.reset();
      this.options.logger.info({ groupId: this.options.groupId }, 'this replica lost the lease: finishing the page in hand, then standing by');
    }
    this.options.onActiveChange?.(this.lease !== undefined);
    for (const wake of [...this.assignmentWaiters]) wake();
  }

  /**
   * A failed commit loses nothing: the request is read again after a restart or rebalance, and
   * the cursor then shows it taken.
   */
  private async commit(partition: number, offset: string): Promise<void> {
    if (this.consumer === undefined) return;
    try {
      await this.consumer.commitOffsets([{ topic: this.options.topic, partition, offset }]);
    } catch (error) {
      this.options.logger.warn({ err: error, partition, offset }, 'could not commit the control topic offset; the request will be read again and found taken');
    }
  }
}
