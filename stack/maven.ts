import { spawn } from 'node:child_process';

/** Progress reported while Maven downloads: one call per artifact fetched. */
export type DownloadProgress = (message: string) => void;

/**
 * Runs Maven in batch mode, reporting each downloaded artifact. Maven keeps its own repository
 * (~/.m2), so a second resolution of the same artifacts is offline and fast.
 */
export async function runMaven(args: string[], cwd: string, onProgress?: DownloadProgress): Promise<void> {
  const output: string[] = [];
  let downloads = 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('mvn', ['-B', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const onLine = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 200) output.shift();
        if (line.includes('Downloaded from')) {
          downloads += 1;
          onProgress?.(`downloaded ${downloads} artifacts… ${line.replace(/^.*Downloaded from \S+ /, '')}`);
        }
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.once('error', (error) =>
      reject(new Error(`could not run Maven ('mvn'): ${error.message}. Install Maven 3.8+ (Debian: apt-get install maven).`)),
    );
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`mvn ${args.join(' ')} failed with exit code ${code}:\n${output.slice(-40).join('\n')}`)),
    );
  });
}
