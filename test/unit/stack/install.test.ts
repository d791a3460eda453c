import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kafkaClasspathPom, kafkaHome } from '../../../stack/install.js';
import { kafkaDistribution } from '../../../stack/kafka-version.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Kafka install', () => {
  it('keeps one cache directory per version, the selected one by default', () => {
    vi.stubEnv('WORKOS_KAFKA_CACHE', '/cache');
    vi.stubEnv('WORKOS_KAFKA_BROKER_VERSION', '');
    expect(kafkaHome()).toBe(join('/cache', 'kafka-4.4.0'));
    vi.stubEnv('WORKOS_KAFKA_BROKER_VERSION', '3.9.1');
    expect(kafkaHome()).toBe(join('/cache', 'kafka-3.9.1'));
    expect(kafkaHome('4.4.0')).toBe(join('/cache', 'kafka-4.4.0'));
  });

  it('resolves kafka_2.13 of the version plus its logging binding', () => {
    const pom = kafkaClasspathPom(kafkaDistribution('4.4.0'));
    expect(pom).toContain('<groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>4.4.0</version>');
    expect(pom).toContain('<artifactId>log4j-slf4j-impl</artifactId><version>2.25.5</version>');
    expect(pom).not.toContain('reload4j');
    const pom39 = kafkaClasspathPom(kafkaDistribution('3.9.1'));
    expect(pom39).toContain('<artifactId>kafka_2.13</artifactId><version>3.9.1</version>');
    expect(pom39).toContain('<artifactId>slf4j-reload4j</artifactId><version>1.7.36</version>');
    expect(pom39).not.toContain('log4j-core');
  });
});
