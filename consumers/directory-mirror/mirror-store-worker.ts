/**
 * The thread side of `mirror-store-thread.ts`: opens the SQLite file, builds the ordinary SQL
 * mirror store over it and answers one message per store call. Undecoded records
 * (`applyRecords`) are decoded here with the events' codec and turned into the same writes the
 * consumer's thread would build (`mirror-write.ts`).
 *
 * Writes that arrive together share one transaction: a call starts its transaction only after the
 * messages already waiting were read (`setImmediate`), so while a transaction runs, the batches
 * posted meanwhile go into the next one. The further the consumer is ahead, as in a replay, the
 * fewer commits per event; a lone batch still commits at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEventDecoder } from '../config/event-decoder.js';
import { openSqlite } from '../db/sqlite-client.js';
import { errorToTransfer } from '../db/transferable-error.js';
import { groupCommit } from './group-commit.js';
import type { MirrorWrite } from './mirror-batch-plan.js';
import type { AppliedChange, MirrorStore } from './mirror-store.js';
import type { EncodedRecords, StoreReply, StoreRequest, StoreStarted, StoreThreadOptions } from './mirror-store-thread.js';
import { mirrorWriteFor } from './mirror-write.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

const port = parentPort;
if (port === null) throw new Error('mirror-store-worker runs as a worker thread only');
const options = workerData as StoreThreadOptions;

let store: MirrorStore;
try {
  store = createSqlMirrorStore(openSqlite(options.sqlite));
  port.postMessage({ started: true } satisfies StoreStarted);
} catch (err) {
  port.postMessage({ started: false, error: errorToTransfer(err) } satisfies StoreStarted);
  port.close();
  throw err;
}

const decode = options.events === undefined ? undefined : createEventDecoder(options.events.topic, options.events.registryUrl);
const applyTogether = groupCommit<MirrorWrite, AppliedChange[]>((writes) => store.applyBatch(writes), 1, (start) => setImmediate(start));

/** The writes of undecoded records, in order; throws at the first record that cannot be read. */
async function writesOf(batch: EncodedRecords): Promise<MirrorWrite[]> {
  if (decode === undefined) throw new Error('this store thread was started without the events codec');
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const writes: MirrorWrite[] = [];
  let start = 0;
  for (let i = 0; i < batch.offsets.length; i += 1) {
    const end = start + (batch.lengths[i] as number);
    const value = await decode(bytes.subarray(start, end), {});
    writes.push(mirrorWriteFor(value, { topic: batch.topic, partition: batch.partition, offset: batch.offsets[i] as string }, batch.groupId));
    start = end;
  }
  return writes;
}

const calls: { [M in StoreRequest['method']]: (...args: never[]) => Promise<unknown> } = {
  ...(store as unknown as Record<StoreRequest['method'], (...args: never[]) => Promise<unknown>>),
  applyBatch: (writes: readonly MirrorWrite[]) => applyTogether(writes),
  apply: async (changes: MirrorWrite['changes'], progress: MirrorWrite['progress']) => (await applyTogether([{ changes, progress }]))[0] ?? [],
  applyRecords: async (batch: EncodedRecords) => {
    await applyTogether(await writesOf(batch));
  },
};

port.on('message', (request: StoreRequest) => {
  // Not awaited one by one: the store serialises its own transactions.
  void answer(request);
});

async function answer({ id, method, args }: StoreRequest): Promise<void> {
  let reply: StoreReply;
  try {
    const call = calls[method] as (...callArgs: readonly unknown[]) => Promise<unknown>;
    reply = { id, ok: true, value: await call(...args) };
  } catch (err) {
    reply = { id, ok: false, error: errorToTransfer(err) };
  }
  port?.postMessage(reply);
  if (method === 'close') port?.close();
}
