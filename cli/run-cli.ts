/**
 * `workos-kafka` as a function: parse the command line once, run the command, return its exit
 * code (see `exit-codes.ts`). Nothing here touches the process: the caller passes the
 * environment, the output streams and the signal that asks the command to stop.
 */
import { CommanderError } from 'commander';
import { configurationProblems } from '../core/env-config.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { createProgram, type ParsedCommandLine, type ProgramIo } from './program.js';

/** What {@link main} reads and writes; each defaults to the process's own. */
export interface CliIo extends ProgramIo {
  /** Aborts to ask the running command to stop (the process entry wires SIGTERM/SIGINT to it). */
  readonly signal: AbortSignal;
}

function processIo(): CliIo {
  return {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    signal: new AbortController().signal,
  };
}

/** Runs `workos-kafka <argv>` (arguments after the program name); resolves with the exit code. */
export async function main(argv: readonly string[], overrides: Partial<CliIo> = {}): Promise<ExitCode> {
  const io: CliIo = { ...processIo(), ...overrides };
  let parsed: ParsedCommandLine | undefined;
  const program = createProgram(io, (result) => {
    parsed = result;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has already printed the error (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr(`workos-kafka: ${describe(error)}\n`);
    return EXIT.usage;
  }
  // Only help or a help subcommand ends without an action.
  if (parsed === undefined) return EXIT.ok;
  if (parsed.kind === 'invalid') {
    const name = parsed.command.name();
    const problems = configurationProblems(parsed.error);
    const text = problems === undefined ? describe(parsed.error) : `invalid ${name} configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`;
    io.stderr(`${text}\n\nusage: workos-kafka ${name} ${parsed.command.usage()}\n(workos-kafka ${name} --help lists every option)\n`);
    return EXIT.usage;
  }
  try {
    await parsed.run({ signal: io.signal, print: (line) => io.stdout(`${line}\n`) });
    return EXIT.ok;
  } catch (error) {
    io.stderr(`workos-kafka ${parsed.command}: ${describe(error)}\n`);
    if (io.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    return EXIT.failure;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
