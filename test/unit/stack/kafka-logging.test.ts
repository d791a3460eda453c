import { describe, expect, it } from 'vitest';
import { brokerLoggingConfig } from '../../../stack/kafka-logging.js';

// Parses `key = value` / `key=value` lines the way java.util.Properties does for these simple files.
function parseProperties(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}

describe('broker logging configuration', () => {
  it('4.x: a log4j2.properties (no YAML jar needed) given by -Dlog4j2.configurationFile, console at INFO', () => {
    const config = brokerLoggingConfig('log4j2');
    expect(config.fileName).toBe('log4j2.properties');
    expect(config.jvmFlag('/w/log4j2.properties')).toBe('-Dlog4j2.configurationFile=/w/log4j2.properties');
    const properties = parseProperties(config.contents);
    expect(properties).toMatchObject({
      shutdownHook: 'disable',
      'appender.stdout.type': 'Console',
      'rootLogger.level': 'INFO',
      'rootLogger.appenderRef.stdout.ref': properties['appender.stdout.name'],
    });
    // Every logger declared has both a name and a level, or Log4j 2 drops it with a status error.
    const loggerIds = Object.keys(properties).filter((key) => key.startsWith('logger.')).map((key) => key.split('.')[1]);
    for (const id of new Set(loggerIds)) {
      expect(properties[`logger.${id}.name`]).toBeTruthy();
      expect(properties[`logger.${id}.level`]).toBe('WARN');
    }
    expect(new Set(loggerIds).size).toBe(2);
  });

  it('3.9: a log4j.properties for reload4j given by -Dlog4j.configuration', () => {
    const config = brokerLoggingConfig('reload4j');
    expect(config.fileName).toBe('log4j.properties');
    expect(config.jvmFlag('/w/log4j.properties')).toBe('-Dlog4j.configuration=file:/w/log4j.properties');
    expect(parseProperties(config.contents)).toMatchObject({
      'log4j.rootLogger': 'INFO, stdout',
      'log4j.logger.kafka.request.logger': 'WARN',
    });
  });
});
