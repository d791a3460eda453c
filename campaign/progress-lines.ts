/** A progress line on stderr every 15 s while the chaos window runs. */
import type { Admin } from 'kafkajs';
import { fetchGroupLag } from '../core/consumer-lag.js';
import type { CampaignNames } from './campaign-env.js';
import type { KillStats } from './kill-loop.js';
import { say } from './say.js';
import type { CampaignWorld } from './world.js';

/** What the line reads. */
export interface ProgressSources {
  readonly world: CampaignWorld;
  readonly admin: Admin;
  readonly names: CampaignNames;
  readonly kills: { readonly connector: Readonly<KillStats>; readonly mirror: Readonly<KillStats>; readonly notifier: Readonly<KillStats> };
  readonly started: number;
}

/** How far the connector has read: the events up to the `after` of its latest request. */
export function connectorReadPosition(world: CampaignWorld): number {
  const { stats, store } = world.emulator;
  const last = stats.log.at(-1);
  if (last === undefined) return 0;
  const after = new URL(last.url, 'http://emulator.invalid').searchParams.get('after');
  return after === null ? 0 : store.indexOf(after) + 1;
}

/** Starts the lines; `stop()` ends them. */
export function startProgressLines(sources: ProgressSources): { stop(): void } {
  const { world, admin, names, kills } = sources;
  const { stats, store } = world.emulator;
  const lag = (group: string): Promise<string> =>
    fetchGroupLag(admin, group, names.eventsTopic).then(
      (l) => l.total.toLocaleString('en-US'),
      () => '?',
    );
  const timer = setInterval(() => {
    void (async () => {
      const seconds = Math.round((Date.now() - sources.started) / 1000);
      const faults = stats.count(429) + stats.count(500) + stats.count(502);
      say(
        `${seconds}s · served ${store.size.toLocaleString('en-US')} · connector read ${connectorReadPosition(world).toLocaleString('en-US')}` +
          ` · kills connector ${kills.connector.kills}, mirror ${kills.mirror.kills}, notifier ${kills.notifier.kills}` +
          ` · lag mirror ${await lag(names.mirrorGroup)}, notifier ${await lag(names.notifierGroup)} · 429/5xx served ${faults}`,
      );
    })();
  }, 15_000);
  return { stop: () => clearInterval(timer) };
}
