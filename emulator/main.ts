/**
 * Standalone emulator for demos and manual testing:
 *   tsx emulator/main.ts --port 8080 --seed 1 --organizations 50 --events 20000 --days 7 --live 5
 * Prints the URL and API key, then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { exitProcess } from '../core/exit-process.js';
import { startLiveTrickle } from './live-trickle.js';
import { createWorkosEmulator } from './server.js';
import { createWorldGenerator } from './world/world-generator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    hostname: { type: 'string', default: '127.0.0.1' },
    'api-key': { type: 'string', default: 'sk_test_emulator' },
    seed: { type: 'string', default: '1' },
    organizations: { type: 'string', default: '50' },
    events: { type: 'string', default: '20000' },
    days: { type: 'string', default: '7' },
    live: { type: 'string', default: '0' },
  },
});
const num = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`--${name} must be a non-negative number`);
  return value;
};

const emulator = await createWorkosEmulator({ port: num('port'), hostname: String(values.hostname), apiKey: String(values['api-key']), seed: num('seed') });
const generator = createWorldGenerator({ seed: num('seed'), organizations: num('organizations') });
// History ends now so it is all inside the 30-day retention window.
const end = Date.now();
emulator.store.appendMany(generator.generate(num('events'), end - num('days') * 86_400_000, end));
const trickle = num('live') > 0 ? startLiveTrickle({ store: emulator.store, generator, eventsPerSecond: num('live') }) : null;

process.stdout.write(`WorkOS emulator listening on ${emulator.url}\nAPI key: ${emulator.apiKey}\nEvents: ${emulator.store.size}${trickle ? `, +${num('live')}/s live` : ''}\n`);

const shutdown = (): void => {
  trickle?.stop();
  void emulator.close().then(() => exitProcess(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
