import { createRng } from './prng.js';
import type { Rng } from './prng.js';

/**
 * One injected failure. `delay` serves the normal response late; the others replace it.
 * - `rate-limit`: 429 JSON; `retryAfter` seconds (default 1), `'http-date'`, or `null` (no header).
 * - `server-error`: `status` (default 500) with an HTML body like a proxy's, or JSON if `body: 'json'`.
 * - `hang`: never answers, until the client gives up or the emulator closes.
 * - `truncate`: the real response with its body cut in half (content-type still JSON).
 * - `reset`: the socket is destroyed without a response (a network error for the client).
 */
export type Fault =
  | { readonly type: 'rate-limit'; readonly retryAfter?: number | 'http-date' | null }
  | { readonly type: 'server-error'; readonly status?: number; readonly body?: 'html' | 'json' }
  | { readonly type: 'delay'; readonly ms: number }
  | { readonly type: 'hang' }
  | { readonly type: 'truncate' }
  | { readonly type: 'reset' };

/** Per-request probabilities (0–1) for the seeded random mode; they are tried in this order. */
export interface RandomFaultRates {
  readonly rate429?: number;
  readonly rate500?: number;
  readonly rate502?: number;
  readonly rateTruncate?: number;
  readonly rateReset?: number;
  readonly rateHang?: number;
  /** `Retry-After` used for random 429s (see {@link Fault}). Default 1 second. */
  readonly retryAfter?: number | 'http-date' | null;
}

/** What the server should do with one request. */
export interface FaultDecision {
  readonly fault: Fault | null;
  /** Extra delay before anything is sent, in ms. */
  readonly latencyMs: number;
}

/**
 * Runtime-switchable fault injection. Precedence per request: scheduled faults (FIFO), then the
 * persistent fault, then the random rates. Latency is added on top of whatever is chosen.
 */
export class FaultController {
  private readonly queue: Fault[] = [];
  private persistent: Fault | null = null;
  private rates: RandomFaultRates | null = null;
  private latencyMs = 0;
  private jitterMs = 0;
  private readonly rng: Rng;

  /** @param seed seed for random mode and latency jitter. Default 1. */
  constructor(seed = 1) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  /** Applies `fault` to the next `count` requests (default 1), after already scheduled ones. */
  schedule(fault: Fault, count = 1): this {
    for (let i = 0; i < count; i += 1) this.queue.push(fault);
    return this;
  }

  /** Applies `fault` to every request until replaced or cleared; `null` turns it off. */
  setPersistent(fault: Fault | null): this {
    this.persistent = fault;
    return this;
  }

  /** Turns on seeded random faults; `null` turns them off. */
  setRandom(rates: RandomFaultRates | null): this {
    this.rates = rates;
    return this;
  }

  /** Delays every response by `ms` plus a seeded 0…`jitterMs`; (0, 0) turns it off. */
  setLatency(ms: number, jitterMs = 0): this {
    this.latencyMs = ms;
    this.jitterMs = jitterMs;
    return this;
  }

  /** Removes scheduled, persistent, random and latency settings. */
  clear(): this {
    this.queue.length = 0;
    this.persistent = null;
    this.rates = null;
    this.latencyMs = 0;
    this.jitterMs = 0;
    return this;
  }

  /** Scheduled faults not yet consumed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Consumes the decision for one request (called by the server). */
  take(): FaultDecision {
    const latencyMs = this.latencyMs + (this.jitterMs > 0 ? Math.floor(this.rng.next() * (this.jitterMs + 1)) : 0);
    return { fault: this.queue.shift() ?? this.persistent ?? this.drawRandom(), latencyMs };
  }

  private drawRandom(): Fault | null {
    const rates = this.rates;
    if (rates === null) return null;
    const r = this.rng.next();
    const table: [number | undefined, Fault][] = [
      [rates.rate429, { type: 'rate-limit', retryAfter: rates.retryAfter === undefined ? 1 : rates.retryAfter }],
      [rates.rate500, { type: 'server-error', status: 500 }],
      [rates.rate502, { type: 'server-error', status: 502 }],
      [rates.rateTruncate, { type: 'truncate' }],
      [rates.rateReset, { type: 'reset' }],
      [rates.rateHang, { type: 'hang' }],
    ];
    let threshold = 0;
    for (const [rate, fault] of table) {
      threshold += rate ?? 0;
      if (r < threshold) return fault;
    }
    return null;
  }
}
