import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectorMetrics } from '../../../core/metrics/connector-metrics.js';
import { HealthState, trackRunHealth } from '../../../core/metrics/health-state.js';
import { startMetricsServer, type MetricsServer } from '../../../core/metrics/metrics-server.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { serveMetrics } from '../../../core/metrics/serve-metrics.js';

const logger = pino({ level: 'silent' });
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function started(health = new HealthState()): Promise<{ server: MetricsServer; health: HealthState }> {
  const registry = createMetricsRegistry({ defaultMetrics: false });
  createConnectorMetrics(registry).onCommitted({ events: 3, durationMs: 10 });
  const server = await startMetricsServer({ registry, health, port: 0, logger });
  servers.push(server);
  return { server, health };
}

describe('metrics server', () => {
  it('binds 127.0.0.1 by default and serves /metrics in the Prometheus text format', async () => {
    const { server } = await started();
    expect(server.host).toBe('127.0.0.1');
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE workos_kafka_connector_events_published_total counter');
    expect(text).toContain('workos_kafka_connector_events_published_total 3');
  });

  it('answers /healthz and /readyz from the health state: starting, running, stopping, stopped', async () => {
    const { server, health } = await started();
    const probe = async (path: string) => {
      const res = await fetch(`${server.url}${path}`);
      return { status: res.status, body: (await res.json()) as { status: string; reason: string } };
    };
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok', reason: 'starting' } });
    expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'starting' } });
    health.markReady();
    expect((await probe('/readyz')).status).toBe(200);
    health.markNotReady('stopping');
    expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'stopping' } });
    expect((await probe('/healthz')).status).toBe(200);
    health.markStopped('failed: broker gone');
    health.markReady(); // a late hook must not revive it
    health.markStopped('stopped'); // the first reason is kept
    expect(await probe('/healthz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'failed: broker gone' } });
    expect((await probe('/readyz')).status).toBe(503);
  });

  it('ignores the query string, answers HEAD without a body, 404 for other paths and 405 for other methods', async () => {
    const { server } = await started();
    expect((await fetch(`${server.url}/metrics?x=1`)).status).toBe(200);
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('close() returns even with a keep-alive connection open, and is idempotent', async () => {
    const { server } = await started();
    await fetch(`${server.url}/metrics`, { headers: { connection: 'keep-alive' } });
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
  });
});

describe('trackRunHealth', () => {
  it('is ready while the run runs, not ready once stop() is called, stopped when done settles', async () => {
    const health = new HealthState();
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const run = trackRunHealth({ done, stop: async () => finish() }, health);
    expect(health.readiness()).toEqual({ ok: true, reason: 'running' });
    const stopping = run.stop();
    expect(health.readiness()).toEqual({ ok: false, reason: 'stopping' });
    expect(health.liveness().ok).toBe(true);
    await stopping;
    await run.done;
    expect(health.liveness()).toEqual({ ok: false, reason: 'stopped' });
  });

  it('reports a crash as the reason', async () => {
    const health = new HealthState();
    const done = Promise.reject(new Error('coordinator lost'));
    const run = trackRunHealth({ done, stop: async () => undefined }, health);
    await expect(run.done).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(health.liveness()).toEqual({ ok: false, reason: 'failed: coordinator lost' });
  });
});

describe('serveMetrics', () => {
  it('does nothing when disabled, and logs instead of failing when the port is taken', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const health = new HealthState();
    const disabled = await serveMetrics(null, { registry, health, logger });
    expect(disabled.url).toBeNull();
    await disabled.close();

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const clashed = await serveMetrics({ host: '127.0.0.1', port }, { registry, health, logger });
      expect(clashed.url).toBeNull();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const served = await serveMetrics({ host: '127.0.0.1', port }, { registry, health, logger });
    servers.push(served);
    expect(served.url).toBe(`http://127.0.0.1:${port}`);
  });
});
