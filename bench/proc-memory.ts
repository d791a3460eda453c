/**
 * Memory of another process, read from Linux's /proc: its resident set now (`VmRSS`) and its peak
 * (`VmHWM`). A role runs in its own process, so these are the role's own figures, not the bench's.
 * The peak can be reset to the current RSS, so a peak taken later covers only what came after
 * (the load), not the process's start-up.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const KIB_PER_MIB = 1024;

/** RSS figures of one process, MiB. */
export interface ProcessMemory {
  /** `VmRSS`: resident now. */
  readonly rssMiB: number;
  /** `VmHWM`: the highest RSS since start or since the last reset. */
  readonly peakMiB: number;
}

/** A `kB` field (`VmRSS`, `VmHWM`, …) of a /proc/<pid>/status text, in MiB; NaN when absent. */
export function statusFieldMiB(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB\\s*$`, 'm').exec(status);
  return match === null ? Number.NaN : Number(match[1]) / KIB_PER_MIB;
}

/** RSS now and peak RSS of `pid`; throws when the process is gone or /proc is not there. */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMiB: statusFieldMiB(status, 'VmRSS'), peakMiB: statusFieldMiB(status, 'VmHWM') };
}

/**
 * Resets `VmHWM` of `pid` to its current RSS (writing 5 to /proc/<pid>/clear_refs). Returns false
 * when the kernel or the permissions do not allow it; the peak then still counts from start-up.
 */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
