import { describe, expect, it } from 'vitest';
import { isBrokerAddress, parseBrokerList } from '../../../core/broker-list.js';
import { validateKafkaClientOptions } from '../../../core/kafka-client.js';
import { brokerList } from '../../../core/config-values.js';

describe('broker lists', () => {
  it('splits on commas, trims whitespace around items and drops empty ones', () => {
    expect(parseBrokerList(' kafka-1:9092 ,127.0.0.1:9093,, [::1]:9094 ,')).toEqual({ brokers: ['kafka-1:9092', '127.0.0.1:9093', '[::1]:9094'], invalid: [] });
  });

  it('reports items that are not host:port, with a port from 1 to 65535', () => {
    expect(parseBrokerList('localhost, a:0, b:65536, c:65535, d e:1, http://f:1')).toEqual({ brokers: ['c:65535'], invalid: ['localhost', 'a:0', 'b:65536', 'd e:1', 'http://f:1'] });
    expect(isBrokerAddress('[fe80::1]:9092')).toBe(true);
  });

  // Regression: KAFKA_BROKERS and the CLI's --brokers were split by different code that disagreed
  // about whitespace; both now go through this parser.
  it('is what the KAFKA_BROKERS setting and the Kafka client check use', () => {
    expect(brokerList.parse('a:1, b:2')).toEqual(['a:1', 'b:2']);
    expect(brokerList.safeParse('a:1,localhost').error?.issues[0]?.message).toBe('must be host:port[,host:port…]; not host:port: "localhost"');
    expect(brokerList.safeParse(' , ').success).toBe(false);
    expect(validateKafkaClientOptions({ brokers: ['a:1', 'a:99999'], clientId: 'x', logger: undefined as never })).toEqual(['broker "a:99999" is not host:port']);
  });
});
