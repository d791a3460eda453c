/**
 * Kafka bootstrap addresses as people write them, the one parser for `KAFKA_BROKERS`, the CLI's
 * `--brokers` and the Kafka client's own check: `host:port` or `[ipv6]:port`, separated by commas,
 * whitespace around each item ignored, empty items (a trailing comma) dropped.
 */

const BROKER_ADDRESS = /^(\[[0-9a-fA-F:]+\]|[^\s:/,[\]]+):(\d{1,5})$/;

/** Whether `address` is one `host:port` (or `[ipv6]:port`) with a port from 1 to 65535. */
export function isBrokerAddress(address: string): boolean {
  const match = BROKER_ADDRESS.exec(address);
  if (match === null) return false;
  const port = Number(match[2]);
  return port >= 1 && port <= 65_535;
}

/** A broker list split into the addresses that are usable and the items that are not. */
export interface BrokerList {
  readonly brokers: readonly string[];
  readonly invalid: readonly string[];
}

/** Splits `text` on commas; every non-empty item is either a broker address or reported as invalid. */
export function parseBrokerList(text: string): BrokerList {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return { brokers: items.filter(isBrokerAddress), invalid: items.filter((item) => !isBrokerAddress(item)) };
}
