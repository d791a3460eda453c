import type { KafkaDistribution } from './kafka-version.js';

/** SASL mechanisms the test broker can offer, spelled as Kafka spells them. */
export type BrokerSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * A SASL_PLAINTEXT listener for client-authentication tests. The controller and inter-broker
 * listeners stay PLAINTEXT (on their own loopback ports), so only clients authenticate.
 */
export interface KafkaBrokerSaslOptions {
  /** Mechanisms the listener accepts. Default `['SCRAM-SHA-256', 'SCRAM-SHA-512']`. */
  readonly mechanisms?: readonly BrokerSaslMechanism[];
  /**
   * Users by name with their passwords; at least one. SCRAM credentials are written into the
   * metadata log at format time (`kafka-storage format --add-scram`), PLAIN users into the
   * listener's JAAS config. Names and passwords: letters, digits, `.`, `_`, `-` (no quoting needed
   * in either place). The first user is the one the readiness probe logs in as.
   */
  readonly users: Readonly<Record<string, string>>;
}

const SASL_LISTENER = 'SASL_PLAINTEXT';
const DEFAULT_SASL_MECHANISMS: readonly BrokerSaslMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

/**
 * An SSL listener for TLS tests: the broker presents the key and certificate of a PKCS#12 keystore
 * (made by the test, e.g. with openssl). Clients are not asked for certificates.
 */
export interface KafkaBrokerTlsOptions {
  /** Path of a PKCS#12 file holding the broker's key and certificate chain. */
  readonly keystoreFile: string;
  /** Its password (also the key's). */
  readonly keystorePassword: string;
}

/** The local broker's loopback ports. */
export interface ListenerPorts {
  readonly port: number;
  readonly controllerPort: number;
  /** Set when the SASL listener is wanted. */
  readonly saslPort?: number;
  /** Set when the SSL listener is wanted. */
  readonly sslPort?: number;
}

/** The mechanisms a SASL listener offers, defaulted. */
export function saslMechanisms(sasl: KafkaBrokerSaslOptions): readonly BrokerSaslMechanism[] {
  return sasl.mechanisms ?? DEFAULT_SASL_MECHANISMS;
}

// The server side of SCRAM needs only the login module (credentials live in the metadata log);
// PLAIN keeps its users in the JAAS line as user_<name>="<password>".
function saslListenerProperties(sasl: KafkaBrokerSaslOptions): Record<string, string> {
  const prefix = `listener.name.${SASL_LISTENER.toLowerCase()}`;
  const mechanisms = saslMechanisms(sasl);
  const properties: Record<string, string> = { [`${prefix}.sasl.enabled.mechanisms`]: mechanisms.join(',') };
  for (const mechanism of mechanisms) {
    properties[`${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config`] =
      mechanism === 'PLAIN'
        ? `org.apache.kafka.common.security.plain.PlainLoginModule required ${Object.entries(sasl.users)
            .map(([name, password]) => `user_${name}="${password}"`)
            .join(' ')};`
        : 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  }
  return properties;
}

function sslListenerProperties(tls: KafkaBrokerTlsOptions): Record<string, string> {
  return {
    'listener.name.ssl.ssl.keystore.type': 'PKCS12',
    'listener.name.ssl.ssl.keystore.location': tls.keystoreFile,
    'listener.name.ssl.ssl.keystore.password': tls.keystorePassword,
    'listener.name.ssl.ssl.key.password': tls.keystorePassword,
    'listener.name.ssl.ssl.client.auth': 'none',
  };
}

/**
 * Settings every single-node test broker needs, whatever its listeners (shared by the local
 * launcher and the Docker image): every internal topic at replication 1, or transactions and
 * groups never become available; no initial rebalance delay; few partitions so internal topics
 * come up fast; topics only as the code creates them.
 */
export function singleNodeProperties(distribution: KafkaDistribution): Record<string, string> {
  return {
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '4',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '4',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'num.partitions': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    'log.cleaner.backoff.ms': '1000',
    // 4.x added share groups (KIP-932), whose state topic defaults to replication 3 like the
    // others; on one node it could never be created. 3.9 does not know these keys.
    ...(distribution.majorVersion >= 4
      ? { 'share.coordinator.state.topic.replication.factor': '1', 'share.coordinator.state.topic.min.isr': '1' }
      : {}),
  };
}

/** Where the broker listens and keeps its data, and what it must offer; input to {@link serverProperties}. */
export interface BrokerLayout {
  readonly ports: ListenerPorts;
  readonly dataDir: string;
  readonly distribution: KafkaDistribution;
  readonly sasl?: KafkaBrokerSaslOptions | undefined;
  readonly tls?: KafkaBrokerTlsOptions | undefined;
  /** Extra entries; they win over everything else. */
  readonly extra?: Record<string, string>;
}

/**
 * The local broker's `server.properties` as a map: combined broker and controller on loopback,
 * with a static KRaft quorum (`controller.quorum.voters`), so `format` needs no `--standalone` on
 * 3.9 or 4.x.
 */
export function serverProperties(layout: BrokerLayout): Record<string, string> {
  const { ports, dataDir, distribution, sasl } = layout;
  const { port, controllerPort, saslPort, sslPort } = ports;
  const { tls } = layout;
  const withSasl = sasl !== undefined && saslPort !== undefined;
  const withTls = tls !== undefined && sslPort !== undefined;
  const saslListener = withSasl ? `,${SASL_LISTENER}://127.0.0.1:${saslPort}` : '';
  const sslListener = withTls ? `,SSL://127.0.0.1:${sslPort}` : '';
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${saslListener}${sslListener}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}${saslListener}${sslListener}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${withSasl ? `,${SASL_LISTENER}:SASL_PLAINTEXT` : ''}${withTls ? ',SSL:SSL' : ''}`,
    'log.dirs': dataDir,
    ...singleNodeProperties(distribution),
    ...(withSasl ? saslListenerProperties(sasl) : {}),
    ...(withTls ? sslListenerProperties(tls) : {}),
    ...layout.extra,
  };
}

/** `key=value` lines, as Kafka reads them. */
export function propertiesFileText(properties: Record<string, string>): string {
  return Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
}

