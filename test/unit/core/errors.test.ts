import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  causeChain,
  ConnectorError,
  ERROR_CODES,
  findRetryAfterMs,
  isConnectorError,
  isRetriable,
  toConnectorError,
} from '../../../core/errors.js';

describe('ConnectorError', () => {
  it('carries code, retriable flag, cause and context, dropping undefined context keys', () => {
    const cause = new Error('socket closed');
    const err = new ConnectorError('publish failed', {
      code: 'KAFKA_ERROR',
      retriable: true,
      cause,
      context: { topic: 'workos.events', eventId: 'event_01', status: undefined },
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConnectorError');
    expect(err.code).toBe('KAFKA_ERROR');
    expect(err.retriable).toBe(true);
    expect(err.cause).toBe(cause);
    expect(err.context).toEqual({ topic: 'workos.events', eventId: 'event_01' });
    expect(Object.keys(err.context)).not.toContain('status');
  });

  it('defaults to not retriable', () => {
    expect(new ConnectorError('bad', { code: 'CONFIG_INVALID' }).retriable).toBe(false);
  });

  it('serialises through pino with code, context and the cause message', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'info' }, sink);
    const err = new ConnectorError('page not published', {
      code: 'KAFKA_ERROR',
      retriable: true,
      cause: new Error('broker gone'),
      context: { topic: 'workos.events', partition: 3 },
    });
    logger.error({ err }, 'failed');
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record.err.code).toBe('KAFKA_ERROR');
    expect(record.err.retriable).toBe(true);
    expect(record.err.context).toEqual({ topic: 'workos.events', partition: 3 });
    expect(record.err.message).toContain('page not published');
    expect(record.err.message).toContain('broker gone');
  });

  it('has a JSON form listing the causes', () => {
    const err = new ConnectorError('outer', { code: 'DECODE_FAILED', cause: new SyntaxError('bad json') });
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toMatchObject({ code: 'DECODE_FAILED', retriable: false, message: 'outer' });
    expect(json.causes).toEqual([{ name: 'SyntaxError', message: 'bad json' }]);
  });

  it('keeps the error codes a closed, duplicate-free list', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES).toContain('DECODE_FAILED');
  });

  it('recognises itself and a code', () => {
    const err = new ConnectorError('x', { code: 'ABORTED' });
    expect(isConnectorError(err)).toBe(true);
    expect(isConnectorError(err, 'ABORTED')).toBe(true);
    expect(isConnectorError(err, 'KAFKA_ERROR')).toBe(false);
    expect(isConnectorError(new Error('x'))).toBe(false);
  });
});

describe('causeChain', () => {
  it('lists the error then its causes and stops on cycles', () => {
    const inner = new Error('inner');
    const outer = new Error('outer', { cause: inner });
    (inner as { cause?: unknown }).cause = outer;
    expect(causeChain(outer)).toEqual([outer, inner]);
  });
});

describe('isRetriable', () => {
  const retriable = (cause?: unknown) => new ConnectorError('r', { code: 'WORKOS_SERVER_ERROR', retriable: true, cause });
  const fatal = (cause?: unknown) => new ConnectorError('f', { code: 'WORKOS_AUTH_FAILED', cause });

  it('retries an error that says so', () => {
    expect(isRetriable(retriable())).toBe(true);
  });

  it('does not retry when anything in the chain says no', () => {
    expect(isRetriable(retriable(fatal()))).toBe(false);
    expect(isRetriable(fatal(retriable()))).toBe(false);
    // kafkajs errors carry the same flag
    const kafkaNonRetriable = Object.assign(new Error('INVALID_PRODUCER_EPOCH'), { retriable: false });
    expect(isRetriable(retriable(kafkaNonRetriable))).toBe(false);
  });

  it('lets an explicit yes win over a wrapped TypeError (classified network failures)', () => {
    const fetchFailed = new Error('Unexpected error: TypeError: fetch failed', { cause: new TypeError('fetch failed') });
    expect(isRetriable(retriable(fetchFailed))).toBe(true);
  });

  it('without any verdict, retries ordinary errors but not programming errors', () => {
    expect(isRetriable(new Error('ECONNRESET'))).toBe(true);
    expect(isRetriable(new TypeError('x is not a function'))).toBe(false);
    expect(isRetriable(new Error('wrapped', { cause: new ReferenceError('y') }))).toBe(false);
  });
});

describe('findRetryAfterMs', () => {
  it('finds retryAfterMs in a context or an own property anywhere in the chain', () => {
    const withContext = new ConnectorError('429', { code: 'WORKOS_RATE_LIMITED', retriable: true, context: { retryAfterMs: 1500 } });
    expect(findRetryAfterMs(withContext)).toBe(1500);
    const nested = new Error('outer', { cause: Object.assign(new Error('inner'), { retryAfterMs: 250 }) });
    expect(findRetryAfterMs(nested)).toBe(250);
    expect(findRetryAfterMs(new Error('none'))).toBeUndefined();
    expect(findRetryAfterMs(Object.assign(new Error('nan'), { retryAfterMs: Number.NaN }))).toBeUndefined();
  });
});

describe('toConnectorError', () => {
  it('wraps foreign errors and passes ConnectorErrors through', () => {
    const own = new ConnectorError('mine', { code: 'ABORTED' });
    expect(toConnectorError(own, { code: 'KAFKA_ERROR' })).toBe(own);
    const wrapped = toConnectorError(new Error('boom'), { code: 'KAFKA_ERROR', retriable: true });
    expect(wrapped.message).toBe('boom');
    expect(wrapped.code).toBe('KAFKA_ERROR');
    expect((wrapped.cause as Error).message).toBe('boom');
  });
});
