/**
 * The SQLite mirror store on its own thread. better-sqlite3 is synchronous: on the consumer's
 * thread every statement, and every commit's fsync, stops fetching and decoding for as long as it
 * takes (in a profile of a replay, 29% of that thread was SQLite, half of it BEGIN/COMMIT). Here
 * the store (`createSqlMirrorStore`, unchanged) runs in a worker thread that owns the connection,
 * and the consumer's thread only posts each call and awaits its answer, so the two overlap.
 *
 * The consumer's batches can also go undecoded (`applyRecords`): their values travel as one
 * moved buffer, and the thread decodes them and builds the writes. Decoding, parsing and the
 * store's plan then cost the consumer's thread nothing; cloning the decoded writes across would
 * cost it about as much as building them.
 *
 * Batches that arrive while a transaction runs go together in the next one (see
 * `mirror-store-worker.ts`). Each caller still resolves only once its own writes are committed,
 * and a grouped transaction that fails is retried caller by caller.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConnectorError } from '../../core/errors.js';
import type { SqliteOptions } from '../db/sqlite-client.js';
import { errorFromTransfer, type TransferredErrorLink } from '../db/transferable-error.js';
import type { MirrorStore, RecordApplyingStore, RecordBytes } from './mirror-store.js';

/** What the thread is started with. */
export interface StoreThreadOptions {
  readonly sqlite: SqliteOptions;
  /** The events topic and its registry: with them the store also takes undecoded records (`applyRecords`). */
  readonly events?: { readonly topic: string; readonly registryUrl?: string };
}

/** Consecutive records of one partition, undecoded: their values end to end in one buffer. */
export interface EncodedRecords {
  readonly topic: string;
  readonly partition: number;
  readonly groupId: string;
  readonly offsets: readonly string[];
  /** Byte length of each value, in order. */
  readonly lengths: Uint32Array;
  readonly bytes: Uint8Array;
}

/** A store call, as posted to the thread. */
export interface StoreRequest {
  readonly id: number;
  readonly method: keyof RecordApplyingStore;
  readonly args: readonly unknown[];
}

/** The thread's answer to one {@link StoreRequest}. */
export type StoreReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: TransferredErrorLink[] };

/** The thread's first message: the database opened, or why not. */
export type StoreStarted = { readonly started: true } | { readonly started: false; readonly error: TransferredErrorLink[] };

/** The calls forwarded as they are; `applyRecords` and `close` are handled below. */
const FORWARDED = [
  'get',
  'getOrganization',
  'getDirectory',
  'getDirectoryUser',
  'getDirectoryGroup',
  'getUser',
  'getOrganizationMembership',
  'getConnection',
  'listDirectoryUsers',
  'listDirectoryGroups',
  'listGroupMembers',
  'listUserGroups',
  'listOrganizationUsers',
  'counts',
  'exportRows',
  'progress',
  'migrate',
  'wipe',
  'apply',
  'applyBatch',
] as const satisfies readonly (keyof MirrorStore)[];

/**
 * The worker's entry next to this module: the compiled `.js` in `dist/`, or the `.ts` source under
 * tsx or vitest, which the thread then loads through tsx as well. The thread does not inherit the
 * process's own options (`--input-type`, `--eval` and the like would stop it from starting); V8's
 * flags, such as the heap bounds `bin/workos-kafka.js` sets, apply to every thread anyway.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const extension = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./mirror-store-worker${extension}`, import.meta.url);
  return { url, execArgv: extension === '.js' ? [] : ['--import', 'tsx'] };
}

/** One running thread and the calls waiting for it. */
interface StoreThread {
  call<R>(method: StoreRequest['method'], args: readonly unknown[], transfer?: readonly ArrayBuffer[]): Promise<R>;
  /** Set once the thread failed or exited; later calls need a new thread. */
  readonly gone: () => boolean;
  terminate(): Promise<number>;
}

/** Starts one thread; resolves once its database is open. */
async function startThread(options: StoreThreadOptions): Promise<StoreThread> {
  const entry = workerEntry();
  const worker = new Worker(entry.url, { workerData: options, execArgv: entry.execArgv });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: unknown) => void }>();
  let nextId = 0;
  let gone: Error | undefined;

  // The thread keeps the process alive only while a call waits for it: a caller that forgets
  // close() does not hang its process, and one that awaits a write is not cut short.
  const holdWhilePending = (): void => {
    if (pending.size > 0) worker.ref();
    else worker.unref();
  };
  const failAll = (err: Error): void => {
    gone ??= err;
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
    holdWhilePending();
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (err: unknown): void => reject(threadGone('could not start', err));
    worker.once('error', onError);
    worker.once('message', (started: StoreStarted) => {
      worker.off('error', onError);
      if (started.started) resolve();
      else reject(errorFromTransfer(started.error));
    });
  });
  worker.on('message', (reply: StoreReply) => {
    const caller = pending.get(reply.id);
    if (caller === undefined) return;
    pending.delete(reply.id);
    holdWhilePending();
    if (reply.ok) caller.resolve(reply.value);
    else caller.reject(errorFromTransfer(reply.error));
  });
  worker.on('error', (err) => failAll(threadGone('failed', err)));
  worker.on('exit', (code) => failAll(threadGone(`exited with code ${code}`)));
  holdWhilePending();

  return {
    call: <R>(method: StoreRequest['method'], args: readonly unknown[], transfer: readonly ArrayBuffer[] = []) => {
      if (gone !== undefined) return Promise.reject(gone);
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        holdWhilePending();
        worker.postMessage({ id, method, args } satisfies StoreRequest, [...transfer]);
      });
    },
    gone: () => gone !== undefined,
    terminate: () => worker.terminate(),
  };
}

/**
 * The values of `records` end to end in one new buffer, moved (not copied) to the thread: one
 * message instead of a structured clone of many small buffers. A record without a value fails the
 * batch here, so the per-record path dead-letters it as it does any undecodable record.
 */
export function encodeRecords(records: readonly RecordBytes[], groupId: string): EncodedRecords {
  const first = records[0];
  if (first === undefined) return { topic: '', partition: 0, groupId, offsets: [], lengths: new Uint32Array(0), bytes: new Uint8Array(0) };
  const lengths = new Uint32Array(records.length);
  let total = 0;
  records.forEach((record, i) => {
    if (record.value === null) throw new ConnectorError('Record has no value', { code: 'DECODE_FAILED', retriable: false, context: { offset: record.offset, reason: 'null-value' } });
    if (record.topic !== first.topic || record.partition !== first.partition) throw new Error('encodeRecords takes records of one partition');
    lengths[i] = record.value.length;
    total += record.value.length;
  });
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const record of records) {
    bytes.set(record.value as Buffer, at);
    at += (record.value as Buffer).length;
  }
  return { topic: first.topic, partition: first.partition, groupId, offsets: records.map((record) => record.offset), lengths, bytes };
}

/**
 * Opens the SQLite mirror store on a worker thread; resolves once the database is open. With
 * `events`, the store also takes undecoded records (`applyRecords`), decoding them on its thread.
 *
 * A thread that dies (it should not) fails the calls waiting for it with a retriable error, as a
 * lost database connection would, and the next call starts a new one: SQLite rolls back what the
 * dead connection left uncommitted.
 */
export async function startMirrorStoreThread(options: StoreThreadOptions): Promise<RecordApplyingStore> {
  let thread: Promise<StoreThread> = startThread(options);
  await thread;
  let closing: Promise<void> | undefined;

  const call = async <R>(method: StoreRequest['method'], args: readonly unknown[], transfer?: readonly ArrayBuffer[]): Promise<R> => {
    if (closing !== undefined) throw new ConnectorError("the mirror's SQLite store is closed", { code: 'HANDLER_FAILED', retriable: false });
    let current = await thread.catch(() => undefined);
    if (current === undefined || current.gone()) {
      thread = startThread(options);
      current = await thread;
    }
    return current.call<R>(method, args, transfer);
  };
  const forwarded = Object.fromEntries(FORWARDED.map((method) => [method, (...args: unknown[]) => call(method, args)])) as Pick<MirrorStore, (typeof FORWARDED)[number]>;

  return {
    ...forwarded,
    applyRecords: async (records, groupId) => {
      if (options.events === undefined) throw new Error('startMirrorStoreThread was given no events topic: it cannot decode records');
      const encoded = encodeRecords(records, groupId);
      await call('applyRecords', [encoded], [encoded.bytes.buffer as ArrayBuffer]);
    },
    close() {
      closing ??= (async () => {
        const current = await thread.catch(() => undefined);
        if (current === undefined) return;
        if (!current.gone()) await current.call('close', []);
        await current.terminate();
      })();
      return closing;
    },
  };
}

function threadGone(what: string, cause?: unknown): ConnectorError {
  // Retriable: the next call starts a new thread (see startMirrorStoreThread).
  return new ConnectorError(`the mirror's SQLite thread ${what}`, { code: 'HANDLER_FAILED', retriable: true, cause });
}
