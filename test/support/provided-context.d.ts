import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port[,host:port]` of the broker every integration test uses. */
    kafkaBrokers: string;
    /** Confluent-compatible registry base URL, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
    schemaRegistryUrl: string;
  }
}
