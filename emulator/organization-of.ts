import type { JsonObject } from './event-types.js';

/**
 * Where an event keeps its organization id, per the reference ("Where the organization id lives").
 * The `organization_id` filter uses it; events that yield `null` never match that filter.
 * @param eventName the event type, e.g. `organization.updated`.
 * @param data the raw payload.
 * @returns the organization id, or `null` for environment-wide events (user.*, role.*, …).
 */
export function organizationIdOf(eventName: string, data: JsonObject): string | null {
  if (eventName.startsWith('organization.')) return stringOrNull(data['id']);
  if (eventName === 'dsync.group.user_added' || eventName === 'dsync.group.user_removed') {
    return stringOrNull(field(data['user'], 'organization_id')) ?? stringOrNull(field(data['group'], 'organization_id'));
  }
  if (eventName === 'organization_domain.verification_failed') {
    return stringOrNull(field(data['organization_domain'], 'organization_id'));
  }
  if (eventName.startsWith('authentication.')) return stringOrNull(field(data['sso'], 'organization_id'));
  if (eventName.startsWith('api_key.')) {
    const owner = data['owner'];
    return field(owner, 'type') === 'organization' ? stringOrNull(field(owner, 'id')) : null;
  }
  return stringOrNull(data['organization_id']);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
