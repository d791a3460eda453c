/**
 * The event names `@workos-inc/node` 8.13.0 knows (its `EventName` union, 75 names). WorkOS only
 * returns the types a request names and answers 400 `invalid_events_request` for a name it does
 * not know, so "every event" means this list. The type-level checks below fail the build when
 * the installed SDK's union and this list drift apart in either direction.
 */
import type { EventName } from '@workos-inc/node';

/** Every event name of SDK 8.13.0, grouped by family; the connector's default selection. */
export const SDK_EVENT_NAMES = [
  'authentication.email_verification_succeeded',
  'authentication.magic_auth_failed',
  'authentication.magic_auth_succeeded',
  'authentication.mfa_succeeded',
  'authentication.oauth_failed',
  'authentication.oauth_succeeded',
  'authentication.passkey_failed',
  'authentication.passkey_succeeded',
  'authentication.password_failed',
  'authentication.password_succeeded',
  'authentication.sso_failed',
  'authentication.sso_succeeded',
  'authentication.radar_risk_detected',
  'connection.activated',
  'connection.deactivated',
  'connection.deleted',
  'dsync.activated',
  'dsync.deleted',
  'dsync.group.created',
  'dsync.group.updated',
  'dsync.group.deleted',
  'dsync.group.user_added',
  'dsync.group.user_removed',
  'dsync.user.created',
  'dsync.user.updated',
  'dsync.user.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'organization_membership.created',
  'organization_membership.updated',
  'organization_membership.deleted',
  'invitation.accepted',
  'invitation.created',
  'invitation.revoked',
  'invitation.resent',
  'email_verification.created',
  'magic_auth.created',
  'password_reset.created',
  'password_reset.succeeded',
  'session.created',
  'session.revoked',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organization_domain.verified',
  'organization_domain.verification_failed',
  'organization_domain.created',
  'organization_domain.updated',
  'organization_domain.deleted',
  'role.created',
  'role.updated',
  'role.deleted',
  'organization_role.created',
  'organization_role.updated',
  'organization_role.deleted',
  'permission.created',
  'permission.updated',
  'permission.deleted',
  'api_key.created',
  'api_key.revoked',
  'flag.created',
  'flag.updated',
  'flag.deleted',
  'flag.rule_updated',
  'vault.data.created',
  'vault.data.updated',
  'vault.data.read',
  'vault.data.deleted',
  'vault.names.listed',
  'vault.metadata.read',
  'vault.kek.created',
  'vault.dek.read',
  'vault.dek.decrypted',
  'vault.byok_key.verification_completed',
] as const satisfies readonly EventName[];

/** One of {@link SDK_EVENT_NAMES}. */
export type SdkEventName = (typeof SDK_EVENT_NAMES)[number];

type AssertNever<T extends never> = T;
/**
 * Build-time drift check: SDK event names missing from {@link SDK_EVENT_NAMES}; the build fails
 * unless this is `never` (the `satisfies` above checks the reverse direction).
 */
export type UnlistedSdkEventNames = AssertNever<Exclude<EventName, SdkEventName>>;

const NAMES: ReadonlySet<string> = new Set(SDK_EVENT_NAMES);

/** Whether `name` is one of the SDK 8.13.0 event names. */
export function isSdkEventName(name: string): name is SdkEventName {
  return NAMES.has(name);
}

/**
 * The names in `names` that SDK 8.13.0 does not know (in input order, without repeats). Sending
 * them makes WorkOS answer 400 if it does not know them either, so config validation can warn.
 */
export function unknownEventNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => !NAMES.has(name)))];
}
