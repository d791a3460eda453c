/**
 * The HTTP server under the receivers that stand in for the notifier's effect endpoints: the
 * keyed benchmark's (bench/keyed-receiver.ts), the fault campaign's (campaign/effect-receiver.ts)
 * and the consumer tests' idempotent one. It listens on a free loopback port, hands each call over
 * with its whole body, and counts the calls open at once, which is how far the notifier's
 * concurrency really went.
 *
 * It lives in bench/ because benchmarks may not import from test/, while tests may import bench/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The server. */
export interface LoopbackReceiver {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Most calls open at the same time so far. */
  readonly peakOpenCalls: number;
  /** Stops listening and drops open connections (a killed notifier's may never close). */
  close(): Promise<void>;
}

/** What the receiver on top does with each call. */
export interface LoopbackCallHandler {
  /** As the call arrives, before its body is read (optional). */
  arrived?(): void;
  /** Once the body is read: answer through `res`, or destroy `req.socket`. */
  received(req: IncomingMessage, res: ServerResponse, body: string): void;
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startLoopbackReceiver(handler: LoopbackCallHandler): Promise<LoopbackReceiver> {
  let openCalls = 0;
  let peakOpenCalls = 0;
  const server = createServer((req, res) => {
    handler.arrived?.();
    openCalls += 1;
    peakOpenCalls = Math.max(peakOpenCalls, openCalls);
    res.on('close', () => (openCalls -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler.received(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get peakOpenCalls() {
      return peakOpenCalls;
    },
    close,
  };
}
