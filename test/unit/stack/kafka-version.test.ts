import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSION_SETTING,
  kafkaDistribution,
  selectedKafkaVersion,
  supportedKafkaVersions,
} from '../../../stack/kafka-version.js';

describe('Kafka broker version selection', () => {
  it('runs Apache Kafka 4.4.0 unless WORKOS_KAFKA_BROKER_VERSION says otherwise', () => {
    expect(KAFKA_VERSION_SETTING).toBe('WORKOS_KAFKA_BROKER_VERSION');
    expect(DEFAULT_KAFKA_VERSION).toBe('4.4.0');
    expect(selectedKafkaVersion({})).toBe('4.4.0');
    // An empty or blank value (e.g. `WORKOS_KAFKA_BROKER_VERSION= npm test`) means "not set".
    expect(selectedKafkaVersion({ WORKOS_KAFKA_BROKER_VERSION: ' ' })).toBe('4.4.0');
  });

  it('keeps 3.9.1 selectable with the one setting', () => {
    expect(selectedKafkaVersion({ WORKOS_KAFKA_BROKER_VERSION: '3.9.1' })).toBe('3.9.1');
    expect(supportedKafkaVersions()).toEqual(['4.4.0', '3.9.1']);
  });

  it('rejects a version it cannot install, naming the setting and the supported versions', () => {
    expect(() => selectedKafkaVersion({ WORKOS_KAFKA_BROKER_VERSION: '4.0' })).toThrow(
      'unsupported Kafka broker version "4.0" (from WORKOS_KAFKA_BROKER_VERSION); supported: 4.4.0, 3.9.1',
    );
  });
});

describe('Kafka distributions', () => {
  it('4.4.0 logs through Log4j 2: the tarball-only bridges at kafka-server\'s Log4j version, SLF4J 1.x binding', () => {
    const distribution = kafkaDistribution('4.4.0');
    expect(distribution).toMatchObject({ majorVersion: 4, logging: 'log4j2', minimumJava: 17 });
    expect(distribution.loggingArtifacts.map((a) => `${a.groupId}:${a.artifactId}:${a.version}`)).toEqual([
      'org.apache.logging.log4j:log4j-api:2.25.5',
      'org.apache.logging.log4j:log4j-core:2.25.5',
      // slf4j-api in 4.4.0's POMs is 1.7.36: the 1.x binding, not log4j-slf4j2-impl.
      'org.apache.logging.log4j:log4j-slf4j-impl:2.25.5',
      'org.apache.logging.log4j:log4j-1.2-api:2.25.5',
    ]);
  });

  it('3.9.1 logs through reload4j, as its tarball does', () => {
    const distribution = kafkaDistribution('3.9.1');
    expect(distribution).toMatchObject({ majorVersion: 3, logging: 'reload4j', minimumJava: 17 });
    expect(distribution.loggingArtifacts).toEqual([{ groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' }]);
  });
});
