/**
 * The exit-code contract every `workos-kafka` command keeps, and the text that documents it
 * (`--help`, the README and docs/configuration.md all show this one text).
 */

/** Exit codes of every command. */
export const EXIT = Object.freeze({
  /** Done, or stopped cleanly on SIGTERM/SIGINT. */
  ok: 0,
  /** Could not do its work: a runtime failure, or a one-shot command interrupted or out of time. */
  failure: 1,
  /** Bad usage or configuration; nothing was started. */
  usage: 2,
  /** A second SIGTERM/SIGINT while stopping: exits at once. */
  interrupted: 130,
});

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The contract as users read it. */
export const EXIT_CODE_CONTRACT = `Exit codes, the same for every command:
  0    done (status, replay, reset-cursor), or stopped cleanly on SIGTERM/SIGINT (connector,
       directory-mirror, notifier, embedded: the work in hand is committed first)
  1    runtime failure, with the cause on stderr: WorkOS refused the key or a request
       (401/403/400/422), the connector was fenced, a topic is misconfigured, the database or
       the broker failed, a replay was refused because the group is active, or a one-shot
       command was interrupted or ran out of COMMAND_TIMEOUT_MS
  2    bad usage or configuration: an unknown command or flag, a missing or invalid setting or
       option; every problem is listed at once and nothing is started
  130  a second SIGTERM/SIGINT while stopping: exits at once`;
