/**
 * Which Apache Kafka release the local launcher installs and runs, and what differs between them.
 *
 * Setting: `WORKOS_KAFKA_BROKER_VERSION` (default `4.4.0`; `3.9.1` is the other supported value).
 * It is read by `npm run stack:install`, the test suite's global setup, the embedded default, the
 * bench and the fault campaign (everything that goes through `stack/`), and it also picks the
 * `apache/kafka` image tag when the suite runs on Docker. Each version is cached in its own
 * directory (`~/.cache/workos-kafka/kafka-<version>`), so switching back and forth downloads once.
 */
export const KAFKA_VERSION_SETTING = 'WORKOS_KAFKA_BROKER_VERSION';

/** The release run when the setting is absent. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

/** A Maven artifact added beside `kafka_2.13` when resolving the broker's classpath. */
export interface MavenArtifact {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

/**
 * How the broker logs. 3.x logs through SLF4J 1.7 to reload4j (log4j 1 properties); 4.x moved
 * to Log4j 2 (KIP-653). Neither POM carries the binding the release tarball ships, so the
 * launcher adds it, or the broker would log nothing at all.
 */
export type BrokerLoggingKind = 'reload4j' | 'log4j2';

/** One supported Kafka release and the facts the launcher needs about it. */
export interface KafkaDistribution {
  readonly version: string;
  readonly majorVersion: number;
  readonly logging: BrokerLoggingKind;
  /** Jars the release tarball ships but the `kafka_2.13` POM leaves out: the logging binding. */
  readonly loggingArtifacts: readonly MavenArtifact[];
  /** Oldest Java feature release the broker runs on. */
  readonly minimumJava: number;
}

function log4j2Artifacts(log4jVersion: string): MavenArtifact[] {
  // log4j-slf4j-impl, not log4j-slf4j2-impl: the 4.4.0 POMs still depend on slf4j-api 1.7.36.
  // log4j-1.2-api mirrors the tarball's libs/ for code still on the log4j 1 API.
  return ['log4j-api', 'log4j-core', 'log4j-slf4j-impl', 'log4j-1.2-api'].map((artifactId) => ({
    groupId: 'org.apache.logging.log4j',
    artifactId,
    version: log4jVersion,
  }));
}

// Adding a release: check its kafka_2.13 POM for the slf4j-api version, and kafka-server's POM (or
// gradle/dependencies.gradle of that tag) for the Log4j 2 version, then add a row here.
const DISTRIBUTIONS: Readonly<Record<string, KafkaDistribution>> = {
  '4.4.0': {
    version: '4.4.0',
    majorVersion: 4,
    logging: 'log4j2',
    // kafka-server 4.4.0 depends on log4j-api/log4j-core 2.25.5; the bridges must match it.
    loggingArtifacts: log4j2Artifacts('2.25.5'),
    minimumJava: 17,
  },
  '3.9.1': {
    version: '3.9.1',
    majorVersion: 3,
    logging: 'reload4j',
    // The tarball's binding comes from the tools project; slf4j-reload4j pulls reload4j 1.2.25.
    loggingArtifacts: [{ groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' }],
    minimumJava: 17,
  },
};

/** Versions the launcher knows how to install and run, newest first. */
export function supportedKafkaVersions(): string[] {
  return Object.keys(DISTRIBUTIONS).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
}

/** The facts about one supported release; throws naming the supported ones otherwise. */
export function kafkaDistribution(version: string): KafkaDistribution {
  const distribution = DISTRIBUTIONS[version];
  if (distribution === undefined) {
    throw new Error(
      `unsupported Kafka broker version "${version}" (from ${KAFKA_VERSION_SETTING}); supported: ${supportedKafkaVersions().join(', ')}`,
    );
  }
  return distribution;
}

/** The release chosen by `WORKOS_KAFKA_BROKER_VERSION`, or the default; validated. */
export function selectedKafkaVersion(env: NodeJS.ProcessEnv = process.env): string {
  const requested = env[KAFKA_VERSION_SETTING]?.trim();
  return kafkaDistribution(requested === undefined || requested === '' ? DEFAULT_KAFKA_VERSION : requested).version;
}
