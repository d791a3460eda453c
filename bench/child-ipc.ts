/**
 * Bench helpers run in their own Node process (`node --import tsx <file>`) and talk to the bench
 * over IPC: forking one, and waiting for a given message from it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Forks the TypeScript file `url` with `args`, stdout/stderr shared with the bench, and an IPC channel. */
export function forkTsChild(url: URL, args: readonly (string | number)[]): ChildProcess {
  return fork(fileURLToPath(url), args.map(String), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message of `type` from `child`; rejects if the child exits first. */
export function nextMessage<M extends { readonly type: string }>(child: ChildProcess, type: M['type']): Promise<M> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the child process exited (code ${code}) before "${type}"`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Sends `close` and waits for the child to exit (at once if it already has). */
export async function closeChild(child: ChildProcess, close: object): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send(close);
  await exited;
}
