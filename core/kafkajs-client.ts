/**
 * Where every kafkajs client of this project is born: the one module that loads the request-queue
 * mend (`kafkajs-request-queue.ts`) before any client exists, so no entry point, test kit,
 * benchmark or stack helper can construct a client that still runs kafkajs' 1 ms timer loop.
 * (`campaign/read-topic.ts` builds its own on purpose: the campaign's independent reader shares
 * no code with the product; campaign-env loads the mend into its process.)
 */
import './kafkajs-request-queue.js';
import kafkajs, { type Kafka, type KafkaConfig } from 'kafkajs';

/** A kafkajs client with the mend in place. */
export function newKafkaClient(config: KafkaConfig): Kafka {
  return new kafkajs.Kafka(config);
}
