/**
 * The directory mirror's settings: the shared consumer settings plus its group and batch size.
 */
import type { z } from 'zod';
import { nonEmptyText, positiveInteger } from '../../core/config-values.js';
import { parseEnv } from '../../core/env-config.js';
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { settingsSchema } from '../../core/settings/settings-schema.js';
import { defineSetting } from '../../core/settings/setting.js';
import { CONSUMER_SETTINGS } from '../config/consumer-env.js';
import { DEFAULT_MIRROR_BATCH_RECORDS, DEFAULT_MIRROR_GROUP_ID } from './mirror-consumer.js';

/** Every mirror setting (its metrics endpoint aside, see `run-directory-mirror.ts`). */
export const MIRROR_SETTINGS = [
  ...CONSUMER_SETTINGS,
  defineSetting({ env: 'DIRECTORY_MIRROR_GROUP_ID', group: 'Directory mirror', help: "the mirror's consumer group", type: nonEmptyText, default: DEFAULT_MIRROR_GROUP_ID }),
  defineSetting({
    env: 'DIRECTORY_MIRROR_BATCH_RECORDS',
    group: 'Directory mirror',
    help: 'most events of one partition applied in one database transaction (1 = one transaction per event)',
    unit: 'events',
    type: positiveInteger,
    default: String(DEFAULT_MIRROR_BATCH_RECORDS),
  }),
] as const;

/** Every mirror setting, keyed by its environment variable. */
export const mirrorEnvSchema = settingsSchema(MIRROR_SETTINGS, 'directory-mirror');

/** The validated, frozen mirror configuration. */
export type MirrorConfig = Readonly<z.output<typeof mirrorEnvSchema>>;

/** Validates the settings; throws `CONFIG_INVALID` listing every problem. */
export function loadMirrorConfig(env: Record<string, string | undefined>): MirrorConfig {
  return parseEnv(withKafkaSecurityChecks(mirrorEnvSchema), env, 'directory mirror');
}
