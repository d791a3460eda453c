/** How the connector turns the doorbell settings into a doorbell, its polling and its endpoint. */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { WorkOS } from '@workos-inc/node';
import { ConnectorError } from '../../core/errors.js';
import { Doorbell } from './doorbell.js';
import { startWebhookEndpoint, type WebhookEndpoint } from './webhook-endpoint.js';

/** The settings the doorbell reads (a subset of the connector's configuration). */
export interface DoorbellSettings {
  readonly WEBHOOK_DOORBELL_PORT: number;
  readonly WEBHOOK_DOORBELL_HOST: string;
  readonly WEBHOOK_SECRET?: string | undefined;
  readonly POLL_INTERVAL_WITH_DOORBELL_MS: number;
  readonly POLL_MIN_INTERVAL_WITH_DOORBELL_MS: number;
  readonly POLL_INTERVAL_MS: number;
  readonly POLL_MIN_INTERVAL_MS: number;
}

/** `schema` that also refuses WEBHOOK_DOORBELL_PORT without WEBHOOK_SECRET, so it is a configuration error (exit 2), listed with the others. */
export function withDoorbellChecks<S extends z.ZodType<{ WEBHOOK_DOORBELL_PORT: number; WEBHOOK_SECRET?: string | undefined }>>(schema: S): S {
  return schema.superRefine(
    (env, ctx) => {
      if (env.WEBHOOK_DOORBELL_PORT !== 0 && env.WEBHOOK_SECRET === undefined) {
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required with WEBHOOK_DOORBELL_PORT (the doorbell verifies every webhook with it)' });
      }
    },
    { when: () => true },
  );
}

/** The doorbell the settings ask for, or undefined when it is off (`WEBHOOK_DOORBELL_PORT=0`). */
export function createDoorbell(settings: DoorbellSettings): Doorbell | undefined {
  if (settings.WEBHOOK_DOORBELL_PORT === 0) return undefined;
  if (settings.WEBHOOK_SECRET === undefined) {
    throw new ConnectorError('WEBHOOK_DOORBELL_PORT is set but WEBHOOK_SECRET is not: the doorbell cannot verify webhooks without the secret', {
      code: 'CONFIG_INVALID',
    });
  }
  // Its own minimum, not POLL_MIN_INTERVAL_MS: that one starts polling alone's ramp, while this
  // one is the doorbell's whole request rate under a stream of webhooks (and half its latency).
  return new Doorbell({ minIntervalMs: settings.POLL_MIN_INTERVAL_WITH_DOORBELL_MS });
}

/** The run loop's polling settings (see `RunLoopDeps`). */
export interface Polling {
  readonly pollIntervalMs: number;
  readonly minPollIntervalMs: number;
  readonly idleWait?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly shortPageWaitMs?: number;
  readonly onPoll?: () => void;
}

/**
 * The run loop's polling settings. Without a doorbell: the doubling ramp after an empty page, and
 * the next poll at once after a short page. With one: the long interval after an empty page and
 * after a short page alike, cut short by a ring.
 */
export function pollingWith(settings: DoorbellSettings, doorbell: Doorbell | undefined): Polling {
  if (doorbell === undefined) return { pollIntervalMs: settings.POLL_INTERVAL_MS, minPollIntervalMs: settings.POLL_MIN_INTERVAL_MS };
  // No doubling ramp from POLL_MIN_INTERVAL_MS: the next event rings, so short idle waits would
  // only spend requests (the ramp costs 8 polls in the first two idle minutes).
  const interval = settings.POLL_INTERVAL_WITH_DOORBELL_MS;
  return {
    pollIntervalMs: interval,
    minPollIntervalMs: interval,
    idleWait: async (ms, signal) => void (await doorbell.wait(ms, signal)),
    // Polling again at once after a short page is what costs about 45 requests a second at 100
    // events/s; with a doorbell the next event rings instead.
    shortPageWaitMs: interval,
    onPoll: () => doorbell.polled(),
  };
}

/**
 * Serves the doorbell's endpoint when there is a doorbell; null otherwise. Failing to listen is
 * fatal: whoever turned the doorbell on counts on it for latency, and without it every event
 * would wait up to POLL_INTERVAL_WITH_DOORBELL_MS.
 */
export async function serveDoorbell(
  settings: DoorbellSettings,
  doorbell: Doorbell | undefined,
  workos: WorkOS,
  logger: Logger,
): Promise<WebhookEndpoint | null> {
  if (doorbell === undefined || settings.WEBHOOK_SECRET === undefined) return null;
  try {
    const endpoint = await startWebhookEndpoint({
      host: settings.WEBHOOK_DOORBELL_HOST,
      port: settings.WEBHOOK_DOORBELL_PORT,
      secret: settings.WEBHOOK_SECRET,
      workos,
      onVerified: () => doorbell.ring(),
      logger,
    });
    logger.info({ url: endpoint.url, fallbackPollMs: settings.POLL_INTERVAL_WITH_DOORBELL_MS }, 'webhook doorbell listening');
    return endpoint;
  } catch (error) {
    throw new ConnectorError(`the webhook doorbell could not listen on ${settings.WEBHOOK_DOORBELL_HOST}:${settings.WEBHOOK_DOORBELL_PORT}: ${(error as Error).message}`, {
      code: 'CONFIG_INVALID',
      cause: error,
    });
  }
}
