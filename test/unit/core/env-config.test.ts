import { describe, expect, it } from 'vitest';
import { loadConnectorConfig } from '../../../connector/config.js';
import { kafkaBrokersSetting } from '../../../core/env-config.js';

describe('KAFKA_BROKERS setting', () => {
  it('accepts a comma list of host:port', () => {
    expect(kafkaBrokersSetting.parse('kafka-1:9092, 127.0.0.1:9093,[::1]:9094')).toEqual(['kafka-1:9092', '127.0.0.1:9093', '[::1]:9094']);
  });

  // Regression: "localhost" passed validation and failed later, alone, when the client was built.
  it('rejects an address without a port, reported with the other problems', () => {
    expect(kafkaBrokersSetting.safeParse('localhost').success).toBe(false);
    let message = '';
    try {
      loadConnectorConfig({ KAFKA_BROKERS: 'localhost', WORKOS_START: 'soon' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const problem of ['KAFKA_BROKERS: must be host:port', 'WORKOS_API_KEY', 'WORKOS_START']) expect(message).toContain(problem);
  });
});
