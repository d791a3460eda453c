/** The figures the embedded demo shows every couple of seconds. */
export interface ProgressFigures {
  readonly servedByWorkos: number;
  readonly published: number;
  readonly publishedPerSecond: number;
  readonly secondsBehind: number | null;
  readonly lagByGroup: Readonly<Record<string, number | null>>;
  readonly mirrorRows: Readonly<Record<string, number>>;
  readonly effectsDone: number;
}

const number = new Intl.NumberFormat('en-US');

/** One human line, e.g. `published 5,120 (410/s) · 0.8 s behind · lag mirror 0, notifier 12 · …`. */
export function formatProgress(figures: ProgressFigures): string {
  const behind = figures.secondsBehind === null ? 'no events yet' : `${figures.secondsBehind.toFixed(1)} s behind`;
  const lags = Object.entries(figures.lagByGroup)
    .map(([group, lag]) => `${group} ${lag === null ? '?' : number.format(lag)}`)
    .join(', ');
  const rows = Object.entries(figures.mirrorRows)
    .filter(([, count]) => count > 0)
    .map(([table, count]) => `${number.format(count)} ${table}`)
    .join(', ');
  return [
    `WorkOS ${number.format(figures.servedByWorkos)} events`,
    `published ${number.format(figures.published)} (${number.format(Math.round(figures.publishedPerSecond))}/s)`,
    behind,
    `lag ${lags}`,
    `mirror ${rows || 'empty'}`,
    `effects ${number.format(figures.effectsDone)}`,
  ].join(' · ');
}
