import { z } from 'zod';
import { parseEnv } from '../core/env-config.js';
import { kafkaSecurityEnvShape, kafkaSecurityOptions, withKafkaSecurityChecks, type KafkaSecurityOptions } from '../core/kafka-security-env.js';

/** SASL/TLS options for the CLI's own Kafka clients (status, replay), from the same env vars the roles read. */
export function kafkaSecurityFromEnv(env: Record<string, string | undefined> = process.env): KafkaSecurityOptions {
  return kafkaSecurityOptions(parseEnv(withKafkaSecurityChecks(z.object(kafkaSecurityEnvShape)), env, 'Kafka security'));
}
