/**
 * `workos-kafka snapshot [--organization <id>] [--wait]`: asks the running connector, through the
 * control topic, for a snapshot of WorkOS state, of everything or of one organization (the
 * analogue of a Debezium signal). The connector takes it once it has caught up with the events;
 * with `--wait` the command follows the stored cursor until that snapshot is complete.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { WORKOS_CURSOR_TOPIC } from '../connector/config.js';
import { CursorStore } from '../connector/cursor-store.js';
import { snapshotInProgress, type SnapshotCursor } from '../connector/snapshot/snapshot-progress.js';
import { requestCompleted } from '../connector/control/request-satisfied.js';
import { configurationError, parseEnv } from '../core/env-config.js';
import { withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { createLogger } from '../core/logger.js';
import { boundedCommand } from '../core/one-shot.js';
import { abortableSleep } from '../core/retry.js';
import type { RoleContext } from '../core/role-context.js';
import { COMMAND_TIMEOUT_MS, LOG_LEVEL, SCHEMA_REGISTRY_URL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { createCodec } from '../schemas/codec.js';
import type { SnapshotRequest } from '../schemas/control-record.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';
import { requestKafka, requestSnapshots, SNAPSHOT_REQUEST_SETTINGS } from './snapshot-request-target.js';
import type { Kafka } from 'kafkajs';

/** What `workos-kafka snapshot` reads besides its own options. */
export const SNAPSHOT_SETTINGS = [...SNAPSHOT_REQUEST_SETTINGS, SCHEMA_REGISTRY_URL, WORKOS_CURSOR_TOPIC, LOG_LEVEL, COMMAND_TIMEOUT_MS] as const;

const snapshotSchema = settingsSchema(SNAPSHOT_SETTINGS, 'snapshot');

/** The parsed `workos-kafka snapshot`. */
export type SnapshotCommandConfig = Readonly<z.output<typeof snapshotSchema>> & {
  /** Only this organization; undefined for every organization and user. */
  readonly organizationId: string | undefined;
  /** Follow the cursor until the requested snapshot is complete. */
  readonly wait: boolean;
};

/** Validates the settings and options; throws `CONFIG_INVALID` listing every problem. */
export function loadSnapshotConfig(values: Record<string, string | undefined>, options: { organization?: string; wait: boolean }): SnapshotCommandConfig {
  const settings = parseEnv(withKafkaSecurityChecks(snapshotSchema), values, 'snapshot');
  if (options.organization !== undefined && !/^\S+$/.test(options.organization)) {
    throw configurationError('snapshot', [`--organization: must be an organization id such as org_01H…, got "${options.organization}"`]);
  }
  return Object.freeze({ ...settings, organizationId: options.organization, wait: options.wait });
}

/** Sends the request; with `--wait`, reports until its snapshot is complete. */
export async function runSnapshotCommand(config: SnapshotCommandConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const kafka = requestKafka(config, 'snapshot', logger);
  const [request] = await boundedCommand(requestSnapshots(kafka, config, [config.organizationId ?? null], 'snapshot command', logger), {
    what: 'snapshot request',
    timeoutMs: config.COMMAND_TIMEOUT_MS,
    signal: context.signal,
  });
  if (request === undefined) throw new Error('no request was sent');
  const scope = request.organization_id === null ? 'every organization and user' : `organization ${request.organization_id}`;
  context.print(`snapshot requested: ${request.request_id} (${scope}) from connector "${config.CONNECTOR_NAME}"`);
  context.print('the connector starts it once it has caught up with the events');
  if (config.wait) await waitForSnapshot(kafka, config, request, logger, context);
}

/** Follows the stored cursor until the snapshot `request` started is complete (or the command is stopped). */
async function waitForSnapshot(kafka: Kafka, config: SnapshotCommandConfig, request: SnapshotRequest, logger: Logger, context: RoleContext): Promise<void> {
  const store = new CursorStore({
    kafka,
    topic: config.WORKOS_CURSOR_TOPIC,
    connectorName: config.CONNECTOR_NAME,
    codec: createCodec({ topic: config.WORKOS_CURSOR_TOPIC, schema: CURSOR_RECORD_SCHEMA, registryUrl: config.SCHEMA_REGISTRY_URL }),
    logger,
  });
  let reported = '';
  while (!context.signal.aborted) {
    const cursor = (await store.readLatest()) as SnapshotCursor | null;
    const running = cursor === null ? undefined : snapshotInProgress(cursor);
    const last = cursor?.last_snapshot ?? undefined;
    if (cursor !== null && last !== undefined && requestCompleted(request, cursor)) {
      context.print(`snapshot ${last.id} complete: ${last.rows} rows from ${last.requests} list requests, ${last.started_at} → ${last.completed_at}`);
      return;
    }
    const line =
      running?.request_id === request.request_id
        ? `snapshot ${running.id} running: ${running.rows} rows from ${running.requests} list requests so far`
        : running === undefined
          ? 'waiting for the connector to take the request'
          : `waiting: snapshot ${running.id} (another request) is running first`;
    if (line !== reported) context.print(line);
    reported = line;
    await abortableSleep(3_000, context.signal).catch(() => undefined);
  }
}
