import { installApicurio, installKafka } from './install.js';
import type { DownloadProgress } from './maven.js';
import { startKafkaBroker, type KafkaBroker, type KafkaBrokerOptions } from './kafka-broker.js';
import { selectedKafkaVersion } from './kafka-version.js';
import { startSchemaRegistry, type SchemaRegistryServer } from './schema-registry.js';

/** A local broker and registry started together, with their start-up timings. */
export interface LocalStack {
  readonly broker: KafkaBroker;
  readonly registry: SchemaRegistryServer;
  /** Milliseconds spent downloading (0 when cached), starting the broker, starting the registry. */
  readonly timings: { readonly installMs: number; readonly brokerMs: number; readonly registryMs: number };
  stop(): Promise<void>;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
}

/**
 * Installs (first run only) and starts Apache Kafka and Apicurio Registry side by side. If either
 * fails, the other is stopped before the error propagates, so nothing is left running. The Kafka
 * release is `options.broker.version`, else `WORKOS_KAFKA_BROKER_VERSION`, else 4.4.0.
 */
export async function startLocalStack(
  options: { onProgress?: DownloadProgress; broker?: KafkaBrokerOptions } = {},
): Promise<LocalStack> {
  const version = options.broker?.version ?? selectedKafkaVersion();
  const [, installMs] = await timed(() => Promise.all([installKafka(options.onProgress, version), installApicurio(options.onProgress)]));
  const [brokerResult, registryResult] = await Promise.allSettled([
    timed(() => startKafkaBroker({ ...options.broker, version })),
    timed(() => startSchemaRegistry()),
  ]);
  if (brokerResult.status === 'rejected' || registryResult.status === 'rejected') {
    if (brokerResult.status === 'fulfilled') await brokerResult.value[0].stop();
    if (registryResult.status === 'fulfilled') await registryResult.value[0].stop();
    const reasons = [brokerResult, registryResult]
      .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
      .map((result) => String(result.reason instanceof Error ? result.reason.message : result.reason));
    throw new Error(`local stack failed to start:\n${reasons.join('\n')}`);
  }
  const [broker, brokerMs] = brokerResult.value;
  const [registry, registryMs] = registryResult.value;
  return {
    broker,
    registry,
    timings: { installMs, brokerMs, registryMs },
    async stop() {
      await Promise.all([broker.stop(), registry.stop()]);
    },
  };
}
