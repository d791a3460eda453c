/**
 * The event-type catalogue the emulated API accepts in the `events` filter. It is the 75 names of
 * `EventName` in `@workos-inc/node` 8.13.0 plus two names the docs list but that SDK lacks (the
 * real API knows them; the SDK deserializes them to `undefined`).
 */
import { WORKOS_SDK_EVENT_NAMES } from '../core/workos-event-names.js';

/** The 75 event names of `@workos-inc/node` 8.13.0, grouped as in the reference. */
export const SDK_EVENT_NAMES = WORKOS_SDK_EVENT_NAMES;

/** Names documented by WorkOS that SDK 8.13.0 does not know (it maps them to `undefined`). */
export const DOCUMENTED_ONLY_EVENT_NAMES = [
  'connection.saml_certificate_renewed',
  'connection.saml_certificate_renewal_required',
] as const;

/** Every name the emulator accepts in `events` unless extended with `extraEventNames`. */
export const KNOWN_EVENT_NAMES: ReadonlySet<string> = new Set<string>([
  ...SDK_EVENT_NAMES,
  ...DOCUMENTED_ONLY_EVENT_NAMES,
]);
