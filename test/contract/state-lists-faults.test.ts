import { GenericServerException, RateLimitExceededException } from '@workos-inc/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, rejectionOf } from './support/emulator-fixture.js';
import { startStateFixture } from './support/state-fixture.js';
import type { StateFixture } from './support/state-fixture.js';
import { worldOracle } from './support/world-oracle.js';

let fx: StateFixture;
beforeAll(async () => {
  fx = await startStateFixture({ seed: 51, events: 1500, organizations: 8 });
});
afterEach(() => {
  fx.emulator.faults.clear();
  fx.emulator.stats.reset();
  fx.emulator.listBehaviour.directoryUserRequestsPerSecond = null;
});
afterAll(async () => {
  await fx.close();
});

const directoryIds = () => worldOracle(fx.generator.state).directories.map((d) => String(d['id']));

describe('injected faults on the state lists (the same machinery as /events)', () => {
  it('a scheduled 429 reaches the SDK as RateLimitExceededException with Retry-After, once', async () => {
    fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: 4 });
    const error = await rejectionOf(fx.workos.organizations.listOrganizations());
    expect(error).toBeInstanceOf(RateLimitExceededException);
    expect((error as RateLimitExceededException).retryAfter).toBe(4);
    expect((await fx.workos.organizations.listOrganizations()).data.length).toBeGreaterThan(0);
    expect(fx.emulator.stats.byEndpoint()).toEqual({ '/organizations': { '200': 1, '429': 1 } });
  });

  it('a 429 in the middle of autoPagination fails the whole call', async () => {
    const first = await fx.workos.userManagement.listUsers();
    expect(first.listMetadata.after).not.toBeNull();
    fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: 1 });
    expect(await rejectionOf(first.autoPagination())).toBeInstanceOf(RateLimitExceededException);
    expect(fx.emulator.stats.countFor('/user_management/users', 429)).toBe(1);
  });

  it('5xx: JSON becomes GenericServerException, a proxy HTML page a plain Error', async () => {
    fx.emulator.faults.schedule({ type: 'server-error', status: 500, body: 'json' }).schedule({ type: 'server-error', status: 502 });
    const json = await rejectionOf(fx.workos.sso.listConnections());
    expect(json).toBeInstanceOf(GenericServerException);
    expect((json as GenericServerException).status).toBe(500);
    const html = (await rejectionOf(fx.workos.sso.listConnections())) as Error;
    expect(html).not.toBeInstanceOf(GenericServerException);
    expect(html.message).toMatch(/ParseError/);
    expect(fx.emulator.stats.byEndpoint()).toEqual({ '/connections': { '500': 1, '502': 1 } });
  });

  it('random faults count per endpoint next to /events', async () => {
    fx.emulator.faults.setRandom({ rate429: 0.5 });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => fx.workos.directorySync.listDirectories()));
    await Promise.allSettled(Array.from({ length: 5 }, () => rawFetch(fx.emulator, '/events?limit=1')));
    const limited = outcomes.filter((o) => o.status === 'rejected').length;
    expect(limited).toBeGreaterThan(0);
    expect(fx.emulator.stats.countFor('/directories', 429)).toBe(limited);
    expect(fx.emulator.stats.countFor('/directories')).toBe(20);
    expect(fx.emulator.stats.countFor('/events')).toBe(5);
  });
});

describe('the per-directory limit on directory-user listing (configurable, off by default)', () => {
  it('answers 429 with Retry-After past the limit, per directory, on both forms', async () => {
    const [first, second] = directoryIds();
    expect(second).toBeDefined();
    fx.emulator.listBehaviour.directoryUserRequestsPerSecond = 4;
    const burst = await Promise.allSettled(Array.from({ length: 6 }, () => fx.workos.directorySync.listUsers({ directory: first ?? '' })));
    expect(burst.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    const rejected = burst.find((o) => o.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(RateLimitExceededException);
    expect(rejected?.status === 'rejected' && (rejected.reason as RateLimitExceededException).retryAfter).toBe(1);
    // The per-directory form shares the directory's budget; another directory has its own.
    expect(await rejectionOf(fx.workos.directorySync.listDirectoryUsers({ directoryId: first ?? '' }))).toBeInstanceOf(RateLimitExceededException);
    expect((await fx.workos.directorySync.listDirectoryUsers({ directoryId: second ?? '' })).object).toBe('list');
    // Other lists are not limited.
    expect((await fx.workos.directorySync.listGroups({ directory: first ?? '' })).object).toBe('list');
    expect(fx.emulator.stats.countFor('/directory_users', 429)).toBe(2);
  });

  it('is off by default', async () => {
    const [first] = directoryIds();
    const burst = await Promise.allSettled(Array.from({ length: 10 }, () => fx.workos.directorySync.listUsers({ directory: first ?? '' })));
    expect(burst.every((o) => o.status === 'fulfilled')).toBe(true);
  });
});
