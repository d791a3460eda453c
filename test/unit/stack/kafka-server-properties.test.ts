import { describe, expect, it } from 'vitest';
import { propertiesFileText, serverProperties, singleNodeProperties } from '../../../stack/kafka-server-properties.js';
import { kafkaDistribution } from '../../../stack/kafka-version.js';

const ports = { port: 39092, controllerPort: 39093 };
const kafka4 = kafkaDistribution('4.4.0');
const kafka39 = kafkaDistribution('3.9.1');

describe('local broker server.properties', () => {
  it('is one combined broker and controller on loopback with a static quorum (no --standalone format on 3.9 or 4.x)', () => {
    for (const distribution of [kafka4, kafka39]) {
      const properties = serverProperties({ ports, dataDir: '/tmp/data', distribution });
      expect(properties).toMatchObject({
        'process.roles': 'broker,controller',
        'controller.quorum.voters': '1@127.0.0.1:39093',
        listeners: 'PLAINTEXT://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093',
        'advertised.listeners': 'PLAINTEXT://127.0.0.1:39092',
        'log.dirs': '/tmp/data',
      });
      expect(properties).not.toHaveProperty('controller.quorum.bootstrap.servers');
    }
  });

  it('puts every internal topic at replication 1, including 4.x share-group state', () => {
    expect(singleNodeProperties(kafka4)).toMatchObject({
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
    });
  });

  it('leaves the share-coordinator keys out on 3.9, which does not know them', () => {
    const properties = singleNodeProperties(kafka39);
    expect(properties['transaction.state.log.replication.factor']).toBe('1');
    expect(Object.keys(properties).filter((key) => key.startsWith('share.'))).toEqual([]);
  });

  it('adds the SASL listener beside PLAINTEXT, and extra entries win over everything', () => {
    const properties = serverProperties({
      ports: { ...ports, saslPort: 39094 },
      dataDir: '/tmp/data',
      distribution: kafka4,
      sasl: { users: { alice: 'secret' }, mechanisms: ['PLAIN'] },
      extra: { 'num.partitions': '3' },
    });
    expect(properties['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:39092,SASL_PLAINTEXT://127.0.0.1:39094');
    expect(properties['listener.security.protocol.map']).toBe('CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT');
    expect(properties['listener.name.sasl_plaintext.plain.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="secret";',
    );
    expect(properties['num.partitions']).toBe('3');
  });

  it('is written as key=value lines', () => {
    expect(propertiesFileText({ 'node.id': '1', 'log.dirs': '/d' })).toBe('node.id=1\nlog.dirs=/d\n');
  });
});
