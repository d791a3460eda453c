import type { SnapshotActivity } from '../connector/create-connector.js';
import { humanDuration } from '../core/human-duration.js';

/** The figures the embedded demo shows every couple of seconds. */
export interface ProgressFigures {
  readonly servedByWorkos: number;
  readonly published: number;
  readonly publishedPerSecond: number;
  readonly secondsBehind: number | null;
  /** The snapshot of WorkOS state while one runs; undefined or null when none does (events are shown instead). */
  readonly snapshot?: SnapshotFigures | null;
  readonly lagByGroup: Readonly<Record<string, number | null>>;
  readonly mirrorRows: Readonly<Record<string, number>>;
  readonly effectsDone: number;
}

/** A running snapshot: entities on the topic and list requests answered so far. */
export interface SnapshotFigures {
  readonly entities: number;
  readonly entitiesPerSecond: number;
  readonly listRequests: number;
}

const number = new Intl.NumberFormat('en-US');

/**
 * The snapshot figures of a line, or null when no snapshot runs: none has committed a step yet
 * (the connector may still be reading the events before it), or the last one finished.
 * `rowsAtLastLine` is what the line before showed (0 before the first), for the rate.
 */
export function snapshotFigures(activity: Readonly<SnapshotActivity>, rowsAtLastLine: number, msSinceLastLine: number): SnapshotFigures | null {
  if (activity.id === null || activity.done) return null;
  // A new snapshot after a finished one starts again from 0 rows: no negative rate.
  const added = Math.max(0, activity.rows - rowsAtLastLine);
  return { entities: activity.rows, entitiesPerSecond: (added * 1000) / Math.max(1, msSinceLastLine), listRequests: activity.requests };
}

/**
 * One human line, e.g. `published 5,120 (410/s) · 0.8 s behind · lag mirror 0, notifier 12 · …`.
 * While a snapshot runs, the event figures stand still (the connector reads no events meanwhile),
 * so the snapshot's own figures take their place.
 */
export function formatProgress(figures: ProgressFigures): string {
  const lags = Object.entries(figures.lagByGroup)
    .map(([group, lag]) => `${group} ${lag === null ? '?' : number.format(lag)}`)
    .join(', ');
  const rows = Object.entries(figures.mirrorRows)
    .filter(([, count]) => count > 0)
    .map(([table, count]) => `${number.format(count)} ${table}`)
    .join(', ');
  return [
    `WorkOS ${number.format(figures.servedByWorkos)} events`,
    ...connectorPart(figures),
    `lag ${lags}`,
    `mirror ${rows || 'empty'}`,
    `effects ${number.format(figures.effectsDone)}`,
  ].join(' · ');
}

function connectorPart(figures: ProgressFigures): string[] {
  const { snapshot } = figures;
  if (snapshot !== undefined && snapshot !== null) {
    return [
      `snapshot of WorkOS state: ${number.format(snapshot.entities)} entities published (${number.format(Math.round(snapshot.entitiesPerSecond))}/s)`,
      `${number.format(snapshot.listRequests)} list requests`,
    ];
  }
  const behind = figures.secondsBehind === null ? 'no events yet' : `${humanDuration(figures.secondsBehind)} behind`;
  return [`published ${number.format(figures.published)} (${number.format(Math.round(figures.publishedPerSecond))}/s)`, behind];
}
