import type { TestProject } from 'vitest/node';
import { KAFKA_VERSION_SETTING, selectedKafkaVersion } from '../../stack/kafka-version.js';
import { startLocalStack } from '../../stack/local-stack.js';
import { dockerEngineAnswers, startDockerStack } from './docker-stack.js';

function say(message: string): void {
  process.stderr.write(`[test-stack] ${message}\n`);
}

/**
 * Once per test run: use KAFKA_BROKERS / SCHEMA_REGISTRY_URL when given; else a Docker engine that
 * answers; else the local launcher (Kafka and Apicurio from Maven Central). If none can run, the
 * run fails with the reason: the integration suite is never skipped. The Kafka release (Docker
 * image tag or local install) is `WORKOS_KAFKA_BROKER_VERSION`, default 4.4.0.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const givenBrokers = process.env.KAFKA_BROKERS;
  const givenRegistry = process.env.SCHEMA_REGISTRY_URL;
  let teardown = async (): Promise<void> => undefined;
  let brokers: string;
  let registryUrl: string;
  if (givenBrokers && givenRegistry) {
    say(`using KAFKA_BROKERS=${givenBrokers} and SCHEMA_REGISTRY_URL=${givenRegistry}`);
    [brokers, registryUrl] = [givenBrokers, givenRegistry];
  } else if (givenBrokers || givenRegistry) {
    throw new Error('set both KAFKA_BROKERS and SCHEMA_REGISTRY_URL, or neither (the suite then starts its own)');
  } else if (await dockerEngineAnswers()) {
    say(`a Docker engine answers: starting apache/kafka:${selectedKafkaVersion()} and Apicurio Registry with testcontainers`);
    const stack = await startDockerStack();
    [brokers, registryUrl, teardown] = [stack.bootstrap, stack.registryUrl, () => stack.stop()];
  } else {
    const version = selectedKafkaVersion();
    say(`no Docker engine: starting local Apache Kafka ${version} (${KAFKA_VERSION_SETTING}) and Apicurio Registry (first run downloads from Maven Central)`);
    let lastProgress = 0;
    const stack = await startLocalStack({
      onProgress: (message) => {
        if (Date.now() - lastProgress > 2_000) say(message);
        lastProgress = Date.now();
      },
    }).catch((error: unknown) => {
      throw new Error(
        `no broker for the integration suite: KAFKA_BROKERS is not set, no Docker engine answers, and the local launcher failed: ${String(error instanceof Error ? error.message : error)}`,
      );
    });
    const { installMs, brokerMs, registryMs } = stack.timings;
    say(`Kafka ${stack.broker.version} broker ${stack.broker.bootstrap} (log ${stack.broker.logFile}), registry ${stack.registry.url} (log ${stack.registry.logFile})`);
    say(`timings: install ${installMs} ms, broker start ${brokerMs} ms, registry start ${registryMs} ms`);
    [brokers, registryUrl, teardown] = [stack.broker.bootstrap, stack.registry.url, () => stack.stop()];
  }
  // Child processes spawned by tests (connector, consumers) read the environment, not inject().
  process.env.KAFKA_BROKERS = brokers;
  process.env.SCHEMA_REGISTRY_URL = registryUrl;
  project.provide('kafkaBrokers', brokers);
  project.provide('schemaRegistryUrl', registryUrl);
  return async () => {
    await teardown();
    say('stack stopped');
  };
}
