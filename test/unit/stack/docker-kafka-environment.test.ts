import { describe, expect, it } from 'vitest';
import { apacheKafkaEnvironment, imageEnvironmentName } from '../../support/docker-stack.js';

describe('apache/kafka image environment (Docker path)', () => {
  it('spells properties the way the image turns them back: _ doubled, - tripled, . to _', () => {
    expect(imageEnvironmentName('offsets.topic.replication.factor')).toBe('KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR');
    expect(imageEnvironmentName('a_b-c.d')).toBe('KAFKA_A__B___C_D');
  });

  it('runs one KRaft node with the launcher\'s single-node settings, share-group state at replication 1 on 4.x', () => {
    const environment = apacheKafkaEnvironment('4.4.0');
    expect(environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    });
    expect(environment.CLUSTER_ID).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(apacheKafkaEnvironment('3.9.1')).not.toHaveProperty('KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR');
  });

  it('advertises the host-facing listener only once its mapped address is known; the broker reaches itself inside', () => {
    expect(apacheKafkaEnvironment('4.4.0')).not.toHaveProperty('KAFKA_ADVERTISED_LISTENERS');
    expect(apacheKafkaEnvironment('4.4.0', 'localhost:55001').KAFKA_ADVERTISED_LISTENERS).toBe(
      'PLAINTEXT://localhost:55001,BROKER://localhost:9092',
    );
  });
});
