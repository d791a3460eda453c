import { describe, expect, it } from 'vitest';
import { organizationIdOf } from '../../../emulator/organization-of.js';

describe('organizationIdOf', () => {
  it.each([
    ['organization.updated', { id: 'org_1', name: 'Acme' }, 'org_1'],
    ['dsync.user.created', { id: 'directory_user_1', organization_id: 'org_2' }, 'org_2'],
    ['dsync.group.user_added', { directory_id: 'd', user: { organization_id: 'org_3' }, group: { organization_id: 'org_3' } }, 'org_3'],
    ['organization_domain.verification_failed', { reason: 'x', organization_domain: { organization_id: 'org_4' } }, 'org_4'],
    ['authentication.sso_succeeded', { type: 'sso', sso: { connection_id: 'c', organization_id: 'org_5' } }, 'org_5'],
    ['authentication.password_succeeded', { type: 'password' }, null],
    ['api_key.created', { owner: { type: 'organization', id: 'org_6' } }, 'org_6'],
    ['api_key.created', { owner: { type: 'user', id: 'user_1' } }, null],
    ['user.created', { id: 'user_1' }, null],
    ['invitation.created', { id: 'inv', organization_id: null }, null],
    ['role.created', { slug: 'admin' }, null],
  ])('%s (case %#)', (event, data, expected) => {
    expect(organizationIdOf(event, data)).toBe(expected);
  });
});
