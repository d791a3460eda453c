import type { StartedTestContainer } from 'testcontainers';
import { waitForMetadata } from '../../stack/kafka-broker.js';
import { singleNodeProperties } from '../../stack/kafka-server-properties.js';
import { kafkaDistribution, selectedKafkaVersion } from '../../stack/kafka-version.js';

/** Kafka and a registry in containers, for machines with a Docker engine that answers. */
export interface DockerStack {
  readonly bootstrap: string;
  readonly registryUrl: string;
  stop(): Promise<void>;
}

/**
 * True only when a container engine actually answers. The `docker` CLI alone proves nothing
 * (these machines ship the CLI without an engine), so ask testcontainers, bounded in time.
 */
export async function dockerEngineAnswers(timeoutMs = 10_000): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const probe = getContainerRuntimeClient().then(() => true);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  }
}

/** The container's ports: clients on the host, the broker talking to itself, the KRaft controller. */
export const KAFKA_CONTAINER_PORTS = { client: 9093, broker: 9092, controller: 9094 } as const;

// Any fixed Kafka Uuid will do (every container is fresh); this one cannot start with "-".
const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';

/**
 * How the `apache/kafka` image spells a broker property as an environment variable: `KAFKA_`,
 * upper case, with `_` doubled, `-` tripled and `.` turned into `_` (the image's own rule).
 */
export function imageEnvironmentName(property: string): string {
  return `KAFKA_${property.replaceAll('_', '__').replaceAll('-', '___').replaceAll('.', '_').toUpperCase()}`;
}

/**
 * Environment for the `apache/kafka` image of `version`: one combined broker and controller with
 * the same single-node settings as the local launcher. The host-facing listener is advertised at
 * `advertisedClient` (host and mapped port), which is only known once the container runs; the
 * broker reaches itself (e.g. transaction markers) on a listener advertised inside the container.
 */
export function apacheKafkaEnvironment(version: string, advertisedClient?: string): Record<string, string> {
  const { client, broker, controller } = KAFKA_CONTAINER_PORTS;
  const properties: Record<string, string> = {
    'node.id': '1',
    'process.roles': 'broker,controller',
    'controller.quorum.voters': `1@localhost:${controller}`,
    listeners: `PLAINTEXT://0.0.0.0:${client},BROKER://0.0.0.0:${broker},CONTROLLER://0.0.0.0:${controller}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'BROKER',
    ...(advertisedClient === undefined ? {} : { 'advertised.listeners': `PLAINTEXT://${advertisedClient},BROKER://localhost:${broker}` }),
    ...singleNodeProperties(kafkaDistribution(version)),
  };
  const environment: Record<string, string> = { CLUSTER_ID };
  for (const [key, value] of Object.entries(properties)) environment[imageEnvironmentName(key)] = value;
  return environment;
}

const STARTER = '/tmp/workos-kafka-start.sh';
const HOLDING = 'waiting for the advertised listener';

/**
 * Starts the `apache/kafka` image of the selected version (`WORKOS_KAFKA_BROKER_VERSION`, default
 * 4.4.0, the same release the local launcher runs) and waits until it answers a metadata request.
 * The container first waits for a starter script, which is copied in once the mapped port is
 * known, so the advertised listener is right even on a remote Docker host.
 */
async function startKafkaContainer(version: string): Promise<{ container: StartedTestContainer; bootstrap: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(`apache/kafka:${version}`)
    .withExposedPorts(KAFKA_CONTAINER_PORTS.client)
    .withEnvironment(apacheKafkaEnvironment(version))
    .withEntrypoint(['sh', '-c'])
    .withCommand([`echo '${HOLDING}'; while [ ! -f ${STARTER} ]; do sleep 0.1; done; exec ${STARTER}`])
    .withWaitStrategy(Wait.forLogMessage(HOLDING))
    .start();
  const bootstrap = `${container.getHost()}:${container.getMappedPort(KAFKA_CONTAINER_PORTS.client)}`;
  try {
    const advertised = apacheKafkaEnvironment(version, bootstrap)[imageEnvironmentName('advertised.listeners')] ?? '';
    const script = `#!/bin/bash\nexport ${imageEnvironmentName('advertised.listeners')}='${advertised}'\nexec /etc/kafka/docker/run\n`;
    await container.copyContentToContainer([{ content: script, target: STARTER, mode: 0o755 }]);
    await waitForMetadata(bootstrap, undefined, Date.now() + 180_000, () => false);
  } catch (error) {
    await container.stop();
    throw error;
  }
  return { container, bootstrap };
}

/** Starts Apache Kafka (the launcher's default version, KRaft) and Apicurio Registry 3.3. */
export async function startDockerStack(): Promise<DockerStack> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const kafka = await startKafkaContainer(selectedKafkaVersion());
  let registry: StartedTestContainer;
  try {
    registry = await new GenericContainer('apicurio/apicurio-registry:3.3.3')
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start();
  } catch (error) {
    await kafka.container.stop();
    throw error;
  }
  return {
    bootstrap: kafka.bootstrap,
    registryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
    async stop() {
      await Promise.all([registry.stop(), kafka.container.stop()]);
    },
  };
}
