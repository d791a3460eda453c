/**
 * The start-up question a consumer asks before joining its group: does a broker answer, and does
 * the topic exist with a leader for every partition? Asked through a short-lived admin client,
 * which never creates topics: the events topic belongs to the connector (partitions, retention).
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import { ConnectorError } from '../../core/errors.js';
import { TOPIC_MISSING_REASON } from './startup-failure.js';

/**
 * A probe that resolves when `topic` is there and led, and throws otherwise: kafkajs' own error
 * when no broker answers, a retriable `KAFKA_ERROR` with reason `topic-missing` when the topic is
 * not there or not led yet.
 */
export function createTopicProbe(kafka: Kafka, topic: string, logger: Logger): () => Promise<void> {
  return async () => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      if (!(await admin.listTopics()).includes(topic)) throw topicMissing(topic, 'does not exist');
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      // Just created: the connector's own start waits for leaders too; joining before would fail.
      if (partitions.length === 0 || partitions.some((p) => p.leader < 0)) throw topicMissing(topic, 'has partitions without a leader');
    } finally {
      await disconnectWithin(admin, 'start-up probe admin', logger);
    }
  };
}

function topicMissing(topic: string, what: string): ConnectorError {
  return new ConnectorError(`topic "${topic}" ${what} yet`, { code: 'KAFKA_ERROR', retriable: true, context: { topic, reason: TOPIC_MISSING_REASON } });
}
