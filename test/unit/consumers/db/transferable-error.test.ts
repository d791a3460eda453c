/**
 * Errors from the mirror's SQLite thread must mean on this thread what they meant there: the
 * retry rule reads `retriable`, `code` and the error's name along the cause chain.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorError, isRetriable } from '../../../../core/errors.js';
import { errorFromTransfer, errorToTransfer } from '../../../../consumers/db/transferable-error.js';

/** What a postMessage does to the transfer form. */
const acrossThreads = (err: unknown): Error => errorFromTransfer(structuredClone(errorToTransfer(err)));

describe('errors across a thread boundary', () => {
  it('rebuilds a ConnectorError with its code, flag, context and cause', () => {
    const cause = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const original = new ConnectorError('write failed', { code: 'HANDLER_FAILED', retriable: true, cause, context: { eventId: 'event_1', reason: 'busy' } });
    const rebuilt = acrossThreads(original);
    expect(rebuilt).toBeInstanceOf(ConnectorError);
    expect(rebuilt).toMatchObject({ message: 'write failed', code: 'HANDLER_FAILED', retriable: true, context: { eventId: 'event_1', reason: 'busy' } });
    expect(rebuilt.cause).toBeInstanceOf(Error);
    expect(rebuilt.cause).toMatchObject({ message: 'database is locked', code: 'SQLITE_BUSY' });
    expect(isRetriable(rebuilt)).toBe(true);
  });

  it('keeps a non-retriable verdict anywhere in the chain', () => {
    const inner = Object.assign(new Error('constraint failed'), { retriable: false });
    const rebuilt = acrossThreads(new Error('batch failed', { cause: inner }));
    expect(isRetriable(rebuilt)).toBe(false);
    // Without the transfer form, structured clone alone drops the flag: the retry rule would change its mind.
    expect(isRetriable(structuredClone(new Error('batch failed', { cause: inner })))).toBe(true);
  });

  it('keeps the name that marks a programming error', () => {
    const rebuilt = acrossThreads(new TypeError('Do not know how to serialize a BigInt'));
    expect(rebuilt.name).toBe('TypeError');
    expect(rebuilt.message).toBe('Do not know how to serialize a BigInt');
    expect(isRetriable(rebuilt)).toBe(false);
    expect(String(rebuilt)).toBe('TypeError: Do not know how to serialize a BigInt');
  });

  it('describes a thrown non-error by its text', () => {
    expect(acrossThreads('plain string').message).toBe('plain string');
  });
});
