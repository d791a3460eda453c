import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APICURIO_VERSION, stackCacheDir } from './cache-dir.js';
import { kafkaDistribution, selectedKafkaVersion, type KafkaDistribution, type MavenArtifact } from './kafka-version.js';
import { runMaven, type DownloadProgress } from './maven.js';

const MARKER = '.complete';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';

/** A throwaway POM that only exists so Maven resolves `dependencies` (with their runtime closure). */
function pomXml(artifactId: string, dependencies: readonly MavenArtifact[]): string {
  const lines = dependencies.map(
    (d) => `    <dependency><groupId>${d.groupId}</groupId><artifactId>${d.artifactId}</artifactId><version>${d.version}</version></dependency>`,
  );
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.workos-kafka</groupId><artifactId>${artifactId}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${lines.join('\n')}
  </dependencies>
</project>
`;
}

/**
 * The POM whose runtime dependencies are the broker's classpath: kafka_2.13 (Gradle publishes its
 * `implementation` deps as runtime scope, so copy-dependencies gets kafka-server, raft and the
 * rest) plus the logging binding the release tarball ships but the POM leaves out.
 */
export function kafkaClasspathPom(distribution: KafkaDistribution): string {
  const broker: MavenArtifact = { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: distribution.version };
  return pomXml(`kafka-broker-classpath-${distribution.version}`, [broker, ...distribution.loggingArtifacts]);
}

/** Directory holding the jars (`libs/`) of Kafka `version` (default: the selected one) once installed. */
export function kafkaHome(version: string = selectedKafkaVersion()): string {
  return join(stackCacheDir(), `kafka-${kafkaDistribution(version).version}`);
}

/** Directory holding Apicurio's Quarkus fast-jar layout (`quarkus-run.jar`) once installed. */
export function apicurioHome(): string {
  return join(stackCacheDir(), `apicurio-registry-${APICURIO_VERSION}`);
}

// Resolve into a scratch directory and rename at the end, so an interrupted download never
// leaves a half-filled directory that looks installed.
async function installOnce(target: string, resolve: (scratch: string) => Promise<void>): Promise<boolean> {
  if (existsSync(join(target, MARKER))) return false;
  const scratch = `${target}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  await resolve(scratch);
  writeFileSync(join(scratch, MARKER), new Date().toISOString());
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
  return true;
}

/**
 * Resolves Apache Kafka `version` (default: the one `WORKOS_KAFKA_BROKER_VERSION` selects) from
 * Maven Central unless already cached. Returns true when it downloaded.
 */
export async function installKafka(onProgress?: DownloadProgress, version: string = selectedKafkaVersion()): Promise<boolean> {
  const distribution = kafkaDistribution(version);
  return installOnce(kafkaHome(distribution.version), async (scratch) => {
    writeFileSync(join(scratch, 'pom.xml'), kafkaClasspathPom(distribution));
    await runMaven([`${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${join(scratch, 'libs')}`], scratch, onProgress);
  });
}

/** Resolves Apicurio Registry's runnable app from Maven Central unless already cached. */
export async function installApicurio(onProgress?: DownloadProgress): Promise<boolean> {
  return installOnce(apicurioHome(), async (scratch) => {
    writeFileSync(join(scratch, 'pom.xml'), pomXml('apicurio-unpack', []));
    await runMaven(
      [
        `${DEPENDENCY_PLUGIN}:unpack`,
        `-Dartifact=io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`,
        `-DoutputDirectory=${scratch}`,
        '-Dmdep.overWriteReleases=true',
      ],
      scratch,
      onProgress,
    );
  });
}

/**
 * Installs the selected Kafka version and Apicurio; usable as `npm run stack:install` to warm the
 * cache ahead of a first test run (`WORKOS_KAFKA_BROKER_VERSION=3.9.1 npm run stack:install` for 3.9.1).
 */
export async function installStack(onProgress?: DownloadProgress, version: string = selectedKafkaVersion()): Promise<void> {
  await Promise.all([installKafka(onProgress, version), installApicurio(onProgress)]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const version = selectedKafkaVersion();
  await installStack((message) => console.log(message), version);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Kafka ${version} and Apicurio ${APICURIO_VERSION} ready in ${stackCacheDir()} (${seconds} s)`);
}
