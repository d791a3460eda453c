import type { StartedTestContainer } from 'testcontainers';

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

/** Starts cp-kafka 7.9 in KRaft mode (Apache Kafka 3.9 parity) and Apicurio Registry 3.3. */
export async function startDockerStack(): Promise<DockerStack> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
  let registry: StartedTestContainer;
  try {
    registry = await new GenericContainer('apicurio/apicurio-registry:3.3.3')
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start();
  } catch (error) {
    await kafka.stop();
    throw error;
  }
  return {
    bootstrap: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    registryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
    async stop() {
      await Promise.all([registry.stop(), kafka.stop()]);
    },
  };
}
