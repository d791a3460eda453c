/**
 * The notifier's pure handler: which side effects an event calls for.
 *
 * - `dsync.user.created` for a user who is not inactive → `welcome-message`.
 * - `dsync.user.deleted` → `deprovision-call` (reason `deleted`).
 * - `dsync.user.updated` whose `previous_attributes.state` shows a change to `inactive` →
 *   `deprovision-call` (reason `deactivated`). An update of an already inactive user (no state
 *   in `previous_attributes`) is not a deprovisioning and calls for nothing.
 */
import type { ParsedEvent } from '../events/workos-event.js';
import { idempotencyKeyOf, type EffectName, type PlannedEffect } from './effects.js';

type Data = Readonly<Record<string, unknown>>;

/** The effects `parsed` calls for, in the order they should run (often none). */
export function planEffects(parsed: ParsedEvent): PlannedEffect[] {
  const { event } = parsed;
  const data = event.data;
  switch (event.event) {
    case 'dsync.user.created':
      return data.state === 'inactive' ? [] : [effect('welcome-message', parsed, welcomePayload(data))];
    case 'dsync.user.deleted':
      return [effect('deprovision-call', parsed, deprovisionPayload(data, 'deleted', event.created_at))];
    case 'dsync.user.updated':
      return becameInactive(data) ? [effect('deprovision-call', parsed, deprovisionPayload(data, 'deactivated', event.created_at))] : [];
    default:
      return [];
  }
}

function becameInactive(data: Data): boolean {
  const previous = data.previous_attributes;
  if (typeof previous !== 'object' || previous === null) return false;
  const before = (previous as Data).state;
  return data.state === 'inactive' && typeof before === 'string' && before !== 'inactive';
}

function effect(name: EffectName, parsed: ParsedEvent, payload: Record<string, unknown>): PlannedEffect {
  return {
    name,
    eventId: parsed.event.id,
    eventType: parsed.event.event,
    idempotencyKey: idempotencyKeyOf(name, parsed.event.id),
    payload,
  };
}

function welcomePayload(data: Data): Record<string, unknown> {
  return {
    directoryUserId: data.id,
    directoryId: data.directory_id,
    organizationId: data.organization_id ?? null,
    email: emailOf(data),
    firstName: data.first_name ?? null,
    lastName: data.last_name ?? null,
  };
}

function deprovisionPayload(data: Data, reason: 'deleted' | 'deactivated', occurredAt: string): Record<string, unknown> {
  return {
    directoryUserId: data.id,
    directoryId: data.directory_id,
    organizationId: data.organization_id ?? null,
    email: emailOf(data),
    idpId: data.idp_id ?? null,
    reason,
    occurredAt,
  };
}

/** `email`, or the primary of the older `emails` array shape. */
function emailOf(data: Data): string | null {
  if (typeof data.email === 'string') return data.email;
  if (!Array.isArray(data.emails)) return null;
  const emails = data.emails as Array<{ primary?: unknown; value?: unknown }>;
  const chosen = emails.find((e) => e.primary === true) ?? emails[0];
  return typeof chosen?.value === 'string' ? chosen.value : null;
}
