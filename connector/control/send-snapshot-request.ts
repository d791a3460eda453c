/**
 * Puts a snapshot request on the control topic (the `snapshot` command and `reconcile --repair`).
 * The running connector takes it once it has caught up with the events.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ulid } from 'ulid';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import type { SnapshotRequest } from '../../schemas/control-record.js';
import { ensureControlTopic } from './control-topic.js';

/** What to request, and from which connector. */
export interface SnapshotRequestTarget {
  readonly topic: string;
  readonly connectorName: string;
  readonly replicationFactor: number;
  readonly requestedBy: string;
}

/** Sends one request per organization id (null = the whole environment), in order; returns them. */
export async function sendSnapshotRequests(kafka: Kafka, target: SnapshotRequestTarget, organizationIds: readonly (string | null)[], logger: Logger): Promise<SnapshotRequest[]> {
  const requests = organizationIds.map(
    (organizationId): SnapshotRequest => ({
      type: 'snapshot',
      request_id: `snapreq_${ulid()}`,
      connector: target.connectorName,
      organization_id: organizationId,
      requested_at: new Date().toISOString(),
      requested_by: target.requestedBy,
    }),
  );
  if (requests.length === 0) return requests;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureControlTopic(admin, target.topic, target.replicationFactor);
  } finally {
    await disconnectWithin(admin, 'control topic admin', logger);
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: target.topic,
      acks: -1,
      messages: requests.map((request) => ({ key: target.connectorName, value: JSON.stringify(request) })),
    });
  } finally {
    await disconnectWithin(producer, 'control topic producer', logger);
  }
  return requests;
}
