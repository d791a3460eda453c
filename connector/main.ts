/**
 * The connector as its own process: configured by environment variables (see README), runs until
 * SIGTERM/SIGINT, exits 0 after a clean stop, 1 on a fatal error, 2 on invalid configuration.
 */
import { isConnectorError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { loadConnectorConfig, type ConnectorConfig } from './config.js';
import { createConnector } from './create-connector.js';

function loadConfigOrExit(): ConnectorConfig {
  try {
    return loadConnectorConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-kafka-connector', connector: config.CONNECTOR_NAME } });
const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping: finishing the page in hand');
    controller.abort();
  });
}

try {
  await createConnector(config, logger).run(controller.signal);
  logger.info('connector stopped cleanly');
  process.exitCode = 0;
} catch (error) {
  const code = isConnectorError(error) ? error.code : 'UNEXPECTED';
  logger.fatal({ err: error, code }, `connector stopped: ${(error as Error).message}`);
  process.exitCode = 1;
}
