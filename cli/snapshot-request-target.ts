/**
 * Where snapshot requests go (the `snapshot` command and `reconcile --repair`): the control topic
 * of a connector by name, on the Kafka cluster the settings describe.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CONNECTOR_NAME } from '../connector/config.js';
import { WORKOS_CONTROL_TOPIC } from '../connector/control/control-topic.js';
import { sendSnapshotRequests } from '../connector/control/send-snapshot-request.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { KAFKA_SECURITY_SETTINGS, kafkaSecurityOptions } from '../core/kafka-security-env.js';
import { KAFKA_BROKERS, KAFKA_REPLICATION_FACTOR } from '../core/settings/common-settings.js';
import type { CommandName } from '../core/settings/setting.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import type { SnapshotRequest } from '../schemas/control-record.js';

/** The settings a command needs to send snapshot requests. */
export const SNAPSHOT_REQUEST_SETTINGS = [KAFKA_BROKERS, ...KAFKA_SECURITY_SETTINGS, CONNECTOR_NAME, WORKOS_CONTROL_TOPIC, KAFKA_REPLICATION_FACTOR] as const;

const requestSchema = settingsSchema(SNAPSHOT_REQUEST_SETTINGS, 'snapshot');

/** Parsed {@link SNAPSHOT_REQUEST_SETTINGS}. */
export type SnapshotRequestSettings = Readonly<z.output<typeof requestSchema>>;

/** A Kafka client for `command` from the request settings. */
export function requestKafka(settings: SnapshotRequestSettings, command: CommandName, logger: Logger): Kafka {
  return createKafkaClient({ brokers: settings.KAFKA_BROKERS, clientId: `workos-kafka-${command}`, logger, ...kafkaSecurityOptions(settings, command) });
}

/** Sends one request per organization (null = everything) to the connector the settings name. */
export function requestSnapshots(kafka: Kafka, settings: SnapshotRequestSettings, organizationIds: readonly (string | null)[], requestedBy: string, logger: Logger): Promise<SnapshotRequest[]> {
  return sendSnapshotRequests(
    kafka,
    { topic: settings.WORKOS_CONTROL_TOPIC, connectorName: settings.CONNECTOR_NAME, replicationFactor: settings.KAFKA_REPLICATION_FACTOR, requestedBy },
    organizationIds,
    logger,
  );
}
