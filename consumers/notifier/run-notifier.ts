/**
 * The notifier as a command: migrates the effect ledger, consumes until the signal aborts and
 * returns after a clean shutdown; rejects when the consumer crashes for good. Serves /metrics,
 * /healthz and /readyz on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9466; 0 = off).
 */
import type { z } from 'zod';
import { parseEnv } from '../../core/env-config.js';
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { createEffectMetrics, observeEffectLedger } from '../../core/metrics/effect-metrics.js';
import { METRICS_SETTINGS } from '../../core/metrics/metrics-env.js';
import type { RoleContext } from '../../core/role-context.js';
import { settingsSchema } from '../../core/settings/settings-schema.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runConsumerRole } from '../runtime/consumer-role.js';
import { createEffectExecutor } from './effect-executor.js';
import { NOTIFIER_SETTINGS } from './notifier-config.js';
import { startNotifier } from './notifier-consumer.js';
import { inDoubtAfterMs, senderRetryPolicy, sendersFromSettings } from './senders/configured-senders.js';
import { createSqlEffectLedger } from './sql-effect-ledger.js';

/** What `workos-kafka notifier` reads: the notifier's settings and its metrics endpoint. */
export const NOTIFIER_ROLE_SETTINGS = [...NOTIFIER_SETTINGS, ...METRICS_SETTINGS] as const;

const notifierRoleSchema = settingsSchema(NOTIFIER_ROLE_SETTINGS, 'notifier');

/** The parsed configuration of the notifier command. */
export type NotifierRoleConfig = Readonly<z.output<typeof notifierRoleSchema>>;

/** Validates every notifier and metrics setting at once; throws `CONFIG_INVALID` listing the problems. */
export function loadNotifierRoleConfig(values: Record<string, string | undefined>): NotifierRoleConfig {
  return parseEnv(withKafkaSecurityChecks(notifierRoleSchema), values, 'notifier');
}

/** Runs the notifier until `context.signal` aborts. */
export async function runNotifier(config: NotifierRoleConfig, context: RoleContext): Promise<void> {
  const groupId = config.NOTIFIER_GROUP_ID;
  await runConsumerRole(config, { name: 'notifier', service: 'workos-notifier', groupId }, context, async ({ logger, registry, database, group, consume }) => {
    const ledger = createSqlEffectLedger(await openDatabase(database));
    try {
      await ledger.migrate();
      const senders = sendersFromSettings(config, logger);
      const executor = createEffectExecutor({
        ledger,
        senders,
        logger: logger.child({ component: 'consumers.notifier' }),
        retry: senderRetryPolicy(config),
        observer: createEffectMetrics(registry),
      });
      const inDoubtAfter = inDoubtAfterMs(config);
      observeEffectLedger(registry, { read: () => ledger.attention(Date.now() - inDoubtAfter), logger });
      logger.info({ database: describeDatabase(database), groupId, receiverIdempotent: config.NOTIFIER_RECEIVER_IDEMPOTENT, maxInFlight: config.NOTIFIER_MAX_IN_FLIGHT }, 'notifier starting');
      await consume(() => startNotifier({ ...group, executor, maxInFlightPerPartition: config.NOTIFIER_MAX_IN_FLIGHT }));
      logger.info('notifier stopped cleanly');
    } finally {
      await ledger.close();
    }
  });
}
