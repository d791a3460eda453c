/**
 * The directory mirror's environment.
 */
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { z } from 'zod';
import { consumerEnvShape, parseEnv, positiveInt } from '../config/consumer-env.js';
import { DEFAULT_MIRROR_GROUP_ID } from './mirror-consumer.js';

/** Every mirror setting, keyed by its environment variable. */
export const mirrorEnvSchema = z.object({
  ...consumerEnvShape,
  DIRECTORY_MIRROR_GROUP_ID: z.string().min(1).default(DEFAULT_MIRROR_GROUP_ID),
  DIRECTORY_MIRROR_BATCH_RECORDS: positiveInt(500),
  KAFKA_CLIENT_ID: z.string().min(1).default('workos-directory-mirror'),
});

/** The validated, frozen mirror configuration. */
export type MirrorConfig = Readonly<z.output<typeof mirrorEnvSchema>>;

/** Validates the environment; throws `CONFIG_INVALID` listing every problem. */
export function loadMirrorConfig(env: Record<string, string | undefined> = process.env): MirrorConfig {
  return parseEnv(withKafkaSecurityChecks(mirrorEnvSchema), env, 'directory mirror');
}
