/**
 * The keyed benchmark's stream: every event calls for exactly one effect (a user created → a
 * welcome message, the same user deleted later → a deprovisioning call), so `events × receiver
 * latency` is exactly what one effect at a time must take. Organizations take turns event by
 * event, as live traffic from many customers mixes in one partition; each user's deletion comes
 * after their creation, so an organization's effects have an order that matters.
 */
import type { WorkosEvent } from '../emulator/event-types.js';

/** `count` events over `organizations` organizations (round-robin), oldest first. */
export function keyedEvents(count: number, organizations: number, startMs: number): WorkosEvent[] {
  const tag = Math.floor(startMs).toString(36);
  const events: WorkosEvent[] = [];
  for (let n = 0; n < count; n += 1) {
    const o = n % organizations;
    const step = Math.floor(n / organizations);
    // Each organization alternates: user k created, then user k deleted.
    const user = Math.floor(step / 2);
    const deleted = step % 2 === 1;
    const createdAt = new Date(startMs + n).toISOString();
    const data = {
      object: 'directory_user',
      id: `directory_user_${tag}_${o}_${user}`,
      directory_id: `directory_${tag}_${o}`,
      organization_id: `org_${tag}_${o}`,
      idp_id: `u${user}`,
      email: `u${user}@org${o}.example`,
      first_name: `First${user}`,
      last_name: `Last${user}`,
      state: deleted ? 'inactive' : 'active',
      custom_attributes: {},
      raw_attributes: {},
      created_at: createdAt,
      updated_at: createdAt,
    };
    events.push({ object: 'event', id: `event_${tag}_${String(n).padStart(7, '0')}`, event: deleted ? 'dsync.user.deleted' : 'dsync.user.created', data, created_at: createdAt, context: {} });
  }
  return events;
}
