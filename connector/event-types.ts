/**
 * The event names `@workos-inc/node` 12.3.0 knows (its `EventName` union, 136 names). WorkOS only
 * returns the types a request names and answers 400 `invalid_events_request` for a name it does
 * not know, so "every event" means this list. The type-level checks below fail the build when
 * the installed SDK's union and this list drift apart in either direction.
 */
import type { EventName } from '@workos-inc/node';
import { WORKOS_SDK_EVENT_NAMES } from '../core/workos-event-names.js';

/** Every event name of SDK 12.3.0; the connector's default selection. */
export const SDK_EVENT_NAMES = WORKOS_SDK_EVENT_NAMES satisfies readonly EventName[];

/** One of {@link SDK_EVENT_NAMES}. */
export type SdkEventName = (typeof SDK_EVENT_NAMES)[number];

type AssertNever<T extends never> = T;
/**
 * Build-time drift check: SDK event names missing from {@link SDK_EVENT_NAMES}; the build fails
 * unless this is `never` (the `satisfies` above checks the reverse direction).
 */
export type UnlistedSdkEventNames = AssertNever<Exclude<EventName, SdkEventName>>;

const NAMES: ReadonlySet<string> = new Set(SDK_EVENT_NAMES);

/** Whether `name` is one of the SDK 12.3.0 event names. */
export function isSdkEventName(name: string): name is SdkEventName {
  return NAMES.has(name);
}

/**
 * The names in `names` that SDK 12.3.0 does not know (in input order, without repeats). Sending
 * them makes WorkOS answer 400 if it does not know them either, so config validation can warn.
 */
export function unknownEventNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => !NAMES.has(name)))];
}
