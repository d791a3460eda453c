/**
 * Snapshot requests as the active replica receives them from the control topic. The run loop
 * takes them when it has caught up with the events, and marks each handled once the snapshot it
 * asks for is stored in the cursor (or found unnecessary); only then may the group's offset move
 * past it. A crash in between reads the request again, and the cursor then shows it taken
 * (`request-satisfied.ts`). Records for other connectors, or unusable ones, are passed at once.
 */
import type { Logger } from 'pino';
import { snapshotRequestProblems, type SnapshotRequest } from '../../schemas/control-record.js';
import { OrderedAcks } from './ordered-acks.js';

/** What the run loop sees of the requests. */
export interface SnapshotRequests {
  /** The oldest request not yet handled, if any. */
  peek(): SnapshotRequest | undefined;
  /** The request is handled: its snapshot is stored in the cursor, or it was not needed. */
  handled(request: SnapshotRequest): Promise<void>;
}

interface PendingRequest {
  readonly request: SnapshotRequest;
  readonly partition: number;
  readonly offset: string;
}

/** Requests in arrival order, and the offsets that may be committed. */
export class SnapshotRequestQueue implements SnapshotRequests {
  private readonly pending: PendingRequest[] = [];
  private readonly acks = new Map<number, OrderedAcks>();

  constructor(
    private readonly connectorName: string,
    private readonly logger: Logger,
    private readonly commit: (partition: number, offset: string) => Promise<void>,
  ) {}

  /** One control record arrived. */
  async receive(partition: number, offset: string, key: string | undefined, value: Buffer | null): Promise<void> {
    const request = this.accept(key, value);
    if (request !== undefined) this.pending.push({ request, partition, offset });
    const committable = this.acksOf(partition).add(offset, request === undefined);
    if (committable !== undefined) await this.commit(partition, committable);
  }

  peek(): SnapshotRequest | undefined {
    return this.pending[0]?.request;
  }

  async handled(request: SnapshotRequest): Promise<void> {
    const index = this.pending.findIndex((entry) => entry.request.request_id === request.request_id);
    if (index < 0) return;
    const [entry] = this.pending.splice(index, 1) as [PendingRequest];
    const committable = this.acksOf(entry.partition).close(entry.offset);
    if (committable !== undefined) await this.commit(entry.partition, committable);
  }

  /** Forgets everything held: the records are read again from the last commit. */
  reset(): void {
    this.pending.length = 0;
    this.acks.clear();
  }

  /** The request in a record for this connector, or undefined (another connector's, or unusable: logged). */
  private accept(key: string | undefined, value: Buffer | null): SnapshotRequest | undefined {
    if (key !== this.connectorName) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      this.logger.warn({ value: value?.toString('utf8').slice(0, 200) }, 'ignoring a control record that is not JSON');
      return undefined;
    }
    const problems = snapshotRequestProblems(parsed);
    if (problems.length > 0) {
      this.logger.warn({ problems }, 'ignoring a control record that is not a snapshot request');
      return undefined;
    }
    const request = parsed as SnapshotRequest;
    this.logger.info(
      { requestId: request.request_id, organizationId: request.organization_id, requestedBy: request.requested_by },
      'snapshot requested; it starts once the connector has caught up with the events',
    );
    return request;
  }

  private acksOf(partition: number): OrderedAcks {
    let acks = this.acks.get(partition);
    if (acks === undefined) this.acks.set(partition, (acks = new OrderedAcks()));
    return acks;
  }
}
