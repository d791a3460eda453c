/**
 * The HTTP endpoint Prometheus and the orchestrator talk to: `/metrics` (text exposition format),
 * `/healthz` (liveness) and `/readyz` (readiness). Plain `node:http`; GET and HEAD only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthState, ProbeResult } from './health-state.js';
import { observeReadiness } from './readiness-metrics.js';

/** Options for {@link startMetricsServer}. */
export interface MetricsServerOptions {
  registry: Registry;
  health: HealthState;
  /** Interface to bind. Default `127.0.0.1`: metrics stay on the host unless asked otherwise. */
  host?: string;
  /** TCP port; 0 lets the OS pick one (tests). */
  port: number;
  logger?: Logger;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** Bound address (the real port when 0 was asked for). */
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** Stops listening and drops open keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

/** Default bind address. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** Starts listening; rejects when the address cannot be bound (e.g. `EADDRINUSE`). */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? DEFAULT_METRICS_HOST;
  // Here because only the server holds both the registry and the health it reports.
  observeReadiness(options.registry, options.health);
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      options.logger?.error({ err, path: req.url }, 'metrics endpoint failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive socket would otherwise hold close() open until it times out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: MetricsServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  switch (path) {
    case '/metrics':
      return send(res, 200, options.registry.contentType, await options.registry.metrics());
    case '/healthz':
      return probe(res, options.health.liveness());
    case '/readyz':
      return probe(res, options.health.readiness());
    default:
      return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /readyz\n');
  }
}

function probe(res: ServerResponse, result: ProbeResult): void {
  const body = JSON.stringify({ status: result.ok ? 'ok' : 'unavailable', reason: result.reason });
  send(res, result.ok ? 200 : 503, 'application/json; charset=utf-8', `${body}\n`);
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
