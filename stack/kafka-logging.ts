import type { BrokerLoggingKind } from './kafka-version.js';

/** The broker's logging configuration file and the JVM flag that points the broker at it. */
export interface BrokerLoggingConfig {
  readonly fileName: string;
  readonly contents: string;
  jvmFlag(path: string): string;
}

// Both write everything to stdout, which the launcher appends to broker.log. The per-request
// logger and the controller's chatter are held at WARN: at INFO they bury the broker's own story.
const PATTERN = '[%d] %p %m (%c)%n';
const QUIET_LOGGERS = ['kafka.request.logger', 'org.apache.kafka.controller'];

const RELOAD4J: BrokerLoggingConfig = {
  fileName: 'log4j.properties',
  contents: [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    `log4j.appender.stdout.layout.ConversionPattern=${PATTERN}`,
    ...QUIET_LOGGERS.map((name) => `log4j.logger.${name}=WARN`),
    '',
  ].join('\n'),
  jvmFlag: (path) => `-Dlog4j.configuration=file:${path}`,
};

// A properties file rather than the tarball's log4j2.yaml: YAML would need jackson-dataformat-yaml
// on the classpath, properties are built into log4j-core.
const LOG4J2: BrokerLoggingConfig = {
  fileName: 'log4j2.properties',
  contents: [
    'status = warn',
    // The console appender writes through at once, so Log4j's own shutdown hook has nothing to
    // flush; without it, a logger first touched while the JVM stops no longer adds a status warning.
    'shutdownHook = disable',
    'appender.stdout.type = Console',
    'appender.stdout.name = STDOUT',
    'appender.stdout.layout.type = PatternLayout',
    `appender.stdout.layout.pattern = ${PATTERN}`,
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.stdout.ref = STDOUT',
    ...QUIET_LOGGERS.flatMap((name, index) => [`logger.quiet${index}.name = ${name}`, `logger.quiet${index}.level = WARN`]),
    '',
  ].join('\n'),
  jvmFlag: (path) => `-Dlog4j2.configurationFile=${path}`,
};

/** The logging configuration for a broker that logs through `kind`. */
export function brokerLoggingConfig(kind: BrokerLoggingKind): BrokerLoggingConfig {
  return kind === 'log4j2' ? LOG4J2 : RELOAD4J;
}
