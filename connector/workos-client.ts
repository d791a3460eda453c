/**
 * The one way the project builds the WorkOS SDK client it reads events with. SDK 12.3.0 retries
 * 408, 429, 5xx and network failures on its own (3 retries by default, honouring `Retry-After`
 * up to 60 s); the connector owns retries, `Retry-After` and the request budget
 * (`events-reader.ts`, `core/retry.ts`), so the SDK's retries are off here. Left on, every
 * failure would cost up to four requests outside the budget and minutes of hidden waiting
 * before the connector's classifier, metrics and logs saw it.
 */
import { WorkOS } from '@workos-inc/node';
import { withRetryAfterInSeconds } from './retry-after-fetch.js';

/** Where the WorkOS API is and how long one request may take. */
export interface WorkosClientOptions {
  readonly apiKey: string;
  /** Default `api.workos.com`. */
  readonly apiHostname?: string;
  /** Default true. */
  readonly https?: boolean;
  readonly port?: number;
  /** Per request, covering the body too; the SDK's default is 60 s. */
  readonly timeoutMs?: number;
  /** The transport under the SDK; default the global `fetch`. */
  readonly fetchFn?: typeof fetch;
}

/**
 * A WorkOS client with the SDK's own retries turned off and an HTTP-date `Retry-After` handed to
 * the SDK as seconds (see `retry-after-fetch.ts`). The SDK 12 user agent is always
 * `workos-node/<version>`; it ignores `appInfo`, so none is passed.
 */
export function newWorkosClient(options: WorkosClientOptions): WorkOS {
  return new WorkOS(options.apiKey, {
    ...(options.apiHostname === undefined ? {} : { apiHostname: options.apiHostname }),
    ...(options.https === undefined ? {} : { https: options.https }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    maxRetries: 0,
    fetchFn: withRetryAfterInSeconds(options.fetchFn ?? globalThis.fetch),
  });
}
