import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APICURIO_VERSION, KAFKA_VERSION, stackCacheDir } from './cache-dir.js';
import { runMaven, type DownloadProgress } from './maven.js';

const MARKER = '.complete';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';

// kafka_2.13 brings the broker's runtime classpath; its POM has no SLF4J binding (the tarball takes
// one from the tools project), so slf4j-reload4j is added or the broker would log nothing.
const KAFKA_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.workos-kafka</groupId><artifactId>kafka-broker-classpath</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`;

/** Directory holding the Kafka broker's jars (`libs/`) once installed. */
export function kafkaHome(): string {
  return join(stackCacheDir(), `kafka-${KAFKA_VERSION}`);
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

/** Resolves Apache Kafka from Maven Central unless already cached. Returns true when it downloaded. */
export async function installKafka(onProgress?: DownloadProgress): Promise<boolean> {
  return installOnce(kafkaHome(), async (scratch) => {
    writeFileSync(join(scratch, 'pom.xml'), KAFKA_POM);
    await runMaven([`${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${join(scratch, 'libs')}`], scratch, onProgress);
  });
}

/** Resolves Apicurio Registry's runnable app from Maven Central unless already cached. */
export async function installApicurio(onProgress?: DownloadProgress): Promise<boolean> {
  return installOnce(apicurioHome(), async (scratch) => {
    writeFileSync(join(scratch, 'pom.xml'), KAFKA_POM.replace('kafka-broker-classpath', 'apicurio-unpack').replace(/<dependencies>[\s\S]*<\/dependencies>/, ''));
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

/** Installs both; usable as `npm run stack:install` to warm the cache ahead of a first test run. */
export async function installStack(onProgress?: DownloadProgress): Promise<void> {
  await Promise.all([installKafka(onProgress), installApicurio(onProgress)]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await installStack((message) => console.log(message));
  console.log(`stack artifacts ready in ${stackCacheDir()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
