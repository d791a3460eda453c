import { describe, expect, it } from 'vitest';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { at, directoryUser, event } from './fixtures/workos-events.js';

const plan = (type: string, data: Record<string, unknown>, createdAt?: string) => planEffects(parseWorkosEvent(event(type, data, createdAt, 'event_X')));

describe('planEffects (pure notifier handler)', () => {
  it('welcomes a newly created active directory user, keyed <effect>:<event id>', () => {
    expect(plan('dsync.user.created', directoryUser('directory_user_1', at(1)))).toEqual([
      {
        name: 'welcome-message',
        eventId: 'event_X',
        eventType: 'dsync.user.created',
        idempotencyKey: 'welcome-message:event_X',
        payload: {
          directoryUserId: 'directory_user_1',
          directoryId: 'directory_1',
          organizationId: 'org_1',
          email: 'directory_user_1@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
        },
      },
    ]);
  });

  it('does not welcome a user created inactive', () => {
    expect(plan('dsync.user.created', directoryUser('directory_user_1', at(1), { state: 'inactive' }))).toEqual([]);
  });

  it('calls deprovisioning for a deleted directory user', () => {
    const [effect] = plan('dsync.user.deleted', directoryUser('directory_user_1', at(1), { state: 'inactive' }), at(2));
    expect(effect).toMatchObject({ name: 'deprovision-call', idempotencyKey: 'deprovision-call:event_X', payload: { reason: 'deleted', occurredAt: at(2) } });
  });

  it('calls deprovisioning only when an update changes the state to inactive', () => {
    const deactivated = directoryUser('directory_user_1', at(2), { state: 'inactive', previous_attributes: { state: 'active' } });
    expect(plan('dsync.user.updated', deactivated)).toMatchObject([{ name: 'deprovision-call', payload: { reason: 'deactivated' } }]);
    const stillInactive = directoryUser('directory_user_1', at(3), { state: 'inactive', previous_attributes: { first_name: 'Old' } });
    expect(plan('dsync.user.updated', stillInactive)).toEqual([]);
    const reactivated = directoryUser('directory_user_1', at(4), { state: 'active', previous_attributes: { state: 'inactive' } });
    expect(plan('dsync.user.updated', reactivated)).toEqual([]);
  });

  it('reads the primary address of the older emails[] shape', () => {
    const data = directoryUser('directory_user_1', at(1), { email: undefined, emails: [{ value: 'b@x.io' }, { primary: true, value: 'a@x.io' }] });
    expect(plan('dsync.user.created', data)[0]?.payload.email).toBe('a@x.io');
  });

  it('ignores everything else', () => {
    for (const type of ['user.created', 'dsync.group.user_added', 'organization.deleted', 'authentication.sso_failed']) {
      expect(plan(type, { id: 'x' })).toEqual([]);
    }
  });
});
