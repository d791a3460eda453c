/**
 * Liveness and readiness of one process, as `/healthz` and `/readyz` report them. Liveness: the
 * main loop has not ended (a restart would help once it has). Readiness: connected to Kafka and
 * doing its work; false while starting and from the moment shutdown begins.
 */

/** One probe's answer. */
export interface ProbeResult {
  readonly ok: boolean;
  /** Why, in a few words (`starting`, `running`, `stopping`, `failed: …`). */
  readonly reason: string;
}

/** Mutable health of a process; the metrics server reads it on every probe. */
export class HealthState {
  private alive = true;
  private ready = false;
  private reason = 'starting';

  /** Connected and working. Ignored once stopped: a late hook must not revive a finished process. */
  markReady(reason = 'running'): void {
    if (!this.alive) return;
    this.ready = true;
    this.reason = reason;
  }

  /** Alive but not ready (starting, reconnecting, shutting down). */
  markNotReady(reason: string): void {
    if (!this.alive) return;
    this.ready = false;
    this.reason = reason;
  }

  /** The main loop ended (cleanly or not): neither live nor ready from now on. The first reason given is kept. */
  markStopped(reason = 'stopped'): void {
    if (!this.alive) return;
    this.alive = false;
    this.ready = false;
    this.reason = reason;
  }

  /** For `/healthz`. */
  liveness(): ProbeResult {
    return { ok: this.alive, reason: this.reason };
  }

  /** For `/readyz`. */
  readiness(): ProbeResult {
    return { ok: this.ready, reason: this.reason };
  }
}

/** The part of a running consumer group (`ConsumerGroupRun`) health tracking needs. */
export interface StoppableRun {
  stop(): Promise<void>;
  readonly done: Promise<void>;
  /** Resolves once the run really works (the member joined its group); absent, it works at once. */
  readonly joined?: Promise<void>;
}

/**
 * Marks `health` ready once the run works (when `joined` resolves, or now without it), not ready
 * as soon as `stop()` is called, and stopped when `done` settles. Returns a run to use in place
 * of `run`.
 */
export function trackRunHealth(run: StoppableRun, health: HealthState): StoppableRun {
  let stopping = false;
  if (run.joined === undefined) health.markReady();
  else {
    health.markNotReady('joining consumer group');
    // A join that lands after stop() was called must not report a stopping process ready.
    run.joined.then(
      () => {
        if (!stopping) health.markReady();
      },
      () => undefined,
    );
  }
  run.done.then(
    () => health.markStopped('stopped'),
    (err: unknown) => health.markStopped(`failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return {
    done: run.done,
    stop: () => {
      stopping = true;
      health.markNotReady('stopping');
      return run.stop();
    },
  };
}
