import type { DirectoryState, WorldCtx, WorldState } from './world-state.js';

/** Every live directory, in activation order. */
export function allDirectories(state: WorldState): DirectoryState[] {
  return state.directories;
}

/** A directory passing `accept`, biased so a few tenants carry most of the directory traffic. */
export function pickDirectory(ctx: WorldCtx, accept: (d: DirectoryState) => boolean = () => true): DirectoryState | null {
  const candidates = allDirectories(ctx.state).filter(accept);
  return candidates.length === 0 ? null : ctx.rng.pickSkewed(candidates);
}
