/**
 * The event-type catalogue the emulated API accepts in the `events` filter: the 136 names of
 * `EventName` in `@workos-inc/node` 12.3.0 plus the names the WorkOS docs list. Every documented
 * name is in 12.3.0 today; the documented list is kept separately so the emulator still accepts
 * them should a future SDK drop one (the real API keeps knowing them).
 */
import { WORKOS_SDK_EVENT_NAMES } from '../core/workos-event-names.js';

/** The 136 event names of `@workos-inc/node` 12.3.0, grouped by family. */
export const SDK_EVENT_NAMES = WORKOS_SDK_EVENT_NAMES;

/**
 * Names documented by WorkOS that earlier SDK majors lacked and deserialized to `undefined`;
 * 12.3.0 knows them.
 */
export const DOCUMENTED_ONLY_EVENT_NAMES = [
  'connection.saml_certificate_renewed',
  'connection.saml_certificate_renewal_required',
] as const;

/** Every name the emulator accepts in `events` unless extended with `extraEventNames`. */
export const KNOWN_EVENT_NAMES: ReadonlySet<string> = new Set<string>([
  ...SDK_EVENT_NAMES,
  ...DOCUMENTED_ONLY_EVENT_NAMES,
]);
