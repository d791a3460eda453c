/**
 * The doorbell's HTTP endpoint: WorkOS POSTs webhooks to `/webhooks/workos`; a request whose
 * `WorkOS-Signature` the SDK verifies with the endpoint's secret rings the bell and gets 200 at
 * once (WorkOS retries what is not answered 2xx promptly). A bad or missing signature gets 401 and
 * rings nothing. The body is read only to verify it: it is never parsed, logged or published.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { WorkOS } from '@workos-inc/node';

/** The path WorkOS is configured to call (the dashboard's endpoint URL ends with it). */
export const DOORBELL_PATH = '/webhooks/workos';

/** Larger bodies are refused (413) before verification; WorkOS webhooks are one event each. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Options of {@link startWebhookEndpoint}. */
export interface WebhookEndpointOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly secret: string;
  /** The SDK client whose `webhooks.verifyHeader` checks signatures (no request is made). */
  readonly workos: WorkOS;
  /** Called for each verified webhook. */
  readonly onVerified: () => void;
  readonly logger: Logger;
  /** Largest clock difference accepted, ms; default the SDK's (180 s). */
  readonly toleranceMs?: number;
}

/** Counts of what the endpoint answered. */
export interface WebhookEndpointCounts {
  verified: number;
  rejected: number;
}

/** A listening endpoint. */
export interface WebhookEndpoint {
  readonly url: string;
  readonly counts: WebhookEndpointCounts;
  close(): Promise<void>;
}

class TooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Starts listening; rejects when the port cannot be bound. */
export async function startWebhookEndpoint(options: WebhookEndpointOptions): Promise<WebhookEndpoint> {
  const counts: WebhookEndpointCounts = { verified: 0, rejected: 0 };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== DOORBELL_PATH) return answer(response, 404, 'not found\n');
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return answer(response, 405, 'method not allowed\n');
    }
    const sigHeader = request.headers['workos-signature'];
    let payload: string;
    try {
      payload = await readBody(request);
    } catch (error) {
      if (error instanceof TooLarge) return answer(response, 413, 'payload too large\n');
      throw error;
    }
    const verified =
      typeof sigHeader === 'string' &&
      (await options.workos.webhooks
        .verifyHeader({ payload, sigHeader, secret: options.secret, ...(options.toleranceMs === undefined ? {} : { tolerance: options.toleranceMs }) })
        .then(
          () => true,
          (err: unknown) => {
            options.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'webhook refused: WorkOS-Signature did not verify');
            return false;
          },
        ));
    if (!verified) {
      counts.rejected += 1;
      return answer(response, 401, 'invalid signature\n');
    }
    counts.verified += 1;
    options.onVerified();
    answer(response, 200, 'ok\n');
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((err: unknown) => {
      options.logger.warn({ err }, 'webhook request failed');
      if (!response.headersSent) answer(response, 400, 'bad request\n');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${DOORBELL_PATH}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
