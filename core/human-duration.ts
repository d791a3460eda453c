/**
 * Durations as a person reads them at a glance: "0.8 s", "42 s", "3 min 20 s", "5 h 12 min",
 * "6 d 13 h". Two units at most; the smaller one is dropped when it is zero.
 */
const UNITS = [
  { name: 'd', seconds: 86_400 },
  { name: 'h', seconds: 3_600 },
  { name: 'min', seconds: 60 },
  { name: 's', seconds: 1 },
] as const;

/** `seconds` (≥ 0; negative counts as 0) in words. */
export function humanDuration(seconds: number): string {
  const value = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  if (value < 10) return `${value.toFixed(1)} s`;
  const whole = Math.round(value);
  for (const [index, unit] of UNITS.entries()) {
    if (whole < unit.seconds) continue;
    const major = Math.floor(whole / unit.seconds);
    const next = UNITS[index + 1];
    const minor = next === undefined ? 0 : Math.floor((whole % unit.seconds) / next.seconds);
    return minor === 0 || next === undefined ? `${major} ${unit.name}` : `${major} ${unit.name} ${minor} ${next.name}`;
  }
  return `${whole} s`;
}
