/**
 * The directory mirror as a command: migrates the database, consumes until the signal aborts and
 * returns after a clean shutdown; rejects when the consumer crashes for good. Serves /metrics,
 * /healthz and /readyz on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9465; 0 = off).
 */
import type { z } from 'zod';
import { parseEnv } from '../../core/env-config.js';
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { METRICS_SETTINGS } from '../../core/metrics/metrics-env.js';
import type { RoleContext } from '../../core/role-context.js';
import { settingsSchema } from '../../core/settings/settings-schema.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runConsumerRole } from '../runtime/consumer-role.js';
import { MIRROR_SETTINGS } from './mirror-config.js';
import { startDirectoryMirror } from './mirror-consumer.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

/** What `workos-kafka directory-mirror` reads: the mirror's settings and its metrics endpoint. */
export const DIRECTORY_MIRROR_ROLE_SETTINGS = [...MIRROR_SETTINGS, ...METRICS_SETTINGS] as const;

const directoryMirrorRoleSchema = settingsSchema(DIRECTORY_MIRROR_ROLE_SETTINGS, 'directory-mirror');

/** The parsed configuration of the directory-mirror command. */
export type DirectoryMirrorRoleConfig = Readonly<z.output<typeof directoryMirrorRoleSchema>>;

/** Validates every mirror and metrics setting at once; throws `CONFIG_INVALID` listing the problems. */
export function loadDirectoryMirrorRoleConfig(values: Record<string, string | undefined>): DirectoryMirrorRoleConfig {
  return parseEnv(withKafkaSecurityChecks(directoryMirrorRoleSchema), values, 'directory mirror');
}

/** Runs the mirror until `context.signal` aborts. */
export async function runDirectoryMirror(config: DirectoryMirrorRoleConfig, context: RoleContext): Promise<void> {
  const groupId = config.DIRECTORY_MIRROR_GROUP_ID;
  await runConsumerRole(config, { name: 'directory mirror', service: 'workos-directory-mirror', groupId }, context, async ({ logger, database, group, consume }) => {
    const store = createSqlMirrorStore(await openDatabase(database));
    try {
      await store.migrate();
      logger.info({ database: describeDatabase(database), groupId }, 'directory mirror starting');
      await consume(() => startDirectoryMirror({ ...group, store, maxBatchRecords: config.DIRECTORY_MIRROR_BATCH_RECORDS }));
      logger.info('directory mirror stopped cleanly');
    } finally {
      await store.close();
    }
  });
}
