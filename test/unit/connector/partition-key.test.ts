import { describe, expect, it } from 'vitest';
import { SDK_EVENT_NAMES } from '../../../connector/event-types.js';
import { PARTITION_KEY_RULES, partitionKeyFor, partitionKeyRulesMarkdown, ruleMatches } from '../../../connector/partition-key.js';

/** A raw event envelope around `data`, as GET /events returns it. */
const ev = (event: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  object: 'event',
  id: `event_01HZ${event.length}TEST`,
  event,
  created_at: '2024-05-01T10:00:00.000Z',
  data,
  context: {},
  ...extra,
});

const ORG = 'org_01EHZNVPK3SFK441A1RGBFSHRT';
const USER = 'user_01E4ZCR3C5A4QZ2Z2JQXGKZJ9E';
const DIR = 'directory_01ECAZ4NV9QMV47GW873HDCX74';

const directoryUser = (organization_id: string | null) => ({
  object: 'directory_user', id: 'directory_user_01E1JG7J09H96KYP8HM9B0G5SJ', idp_id: '2836', directory_id: DIR, organization_id,
  email: 'marcelina@example.com', first_name: 'Marcelina', last_name: 'Davis', state: 'active', custom_attributes: {}, raw_attributes: {},
  created_at: '2021-06-25T19:07:33.155Z', updated_at: '2021-06-25T19:07:33.155Z',
});
const directoryGroup = (organization_id: string | null) => ({
  id: 'directory_group_01E1JJS84MFPPQ3G655FHTKX6Z', idp_id: '02grqrue4294w24', directory_id: DIR, organization_id, name: 'Developers',
  raw_attributes: {}, created_at: '2021-06-25T19:07:33.155Z', updated_at: '2021-06-25T19:07:33.155Z',
});

/** [event, expected key, expected organization id, expected rule]. */
const cases: Array<[ReturnType<typeof ev>, string, string | null, string]> = [
  // organization in data.organization_id
  [ev('dsync.user.updated', { ...directoryUser('org_123'), previous_attributes: { role: { slug: 'member' } } }), 'org_123', 'org_123', 'data.organization_id'],
  [ev('dsync.group.created', directoryGroup(ORG)), ORG, ORG, 'data.organization_id'],
  [ev('dsync.activated', { object: 'directory', id: DIR, external_key: 'k', type: 'okta scim v2.0', state: 'active', name: 'Okta', organization_id: ORG, domains: [], created_at: 'x', updated_at: 'x' }), ORG, ORG, 'data.organization_id'],
  [ev('connection.activated', { object: 'connection', id: 'conn_01234ABCD', organization_id: 'org_1234', name: 'Connection', connection_type: 'OktaSAML', state: 'active', domains: [] }), 'org_1234', 'org_1234', 'data.organization_id'],
  [ev('organization_membership.created', { id: 'om_01E4ZCR3C56J083X43JQXF3JK5', object: 'organization_membership', user_id: USER, organization_id: ORG, status: 'pending', role: { slug: 'member' } }), ORG, ORG, 'data.organization_id'],
  [ev('organization_domain.verified', { object: 'organization_domain', id: 'org_domain_01', domain: 'foo.com', organization_id: ORG, state: 'verified', verification_strategy: 'dns' }), ORG, ORG, 'data.organization_id'],
  [ev('organization_role.created', { object: 'organization_role', organization_id: ORG, slug: 'org-admin', name: 'Admin', description: null, resource_type_slug: 'organization', permissions: [] }), ORG, ORG, 'data.organization_id'],
  [ev('invitation.created', { object: 'invitation', id: 'invitation_01', email: 'a@b.com', state: 'pending', organization_id: ORG, inviter_user_id: USER }), ORG, ORG, 'data.organization_id'],
  [ev('session.created', { object: 'session', id: 'session_01', user_id: USER, organization_id: ORG, auth_method: 'sso', status: 'active' }), ORG, ORG, 'data.organization_id'],
  [ev('vault.byok_key.verification_completed', { organization_id: ORG, key_provider: 'AWS_KMS', verified: true }), ORG, ORG, 'data.organization_id'],
  // organization id nested or implied
  [ev('organization.created', { object: 'organization', id: ORG, name: 'Foo Corp', allow_profiles_outside_organization: false, domains: [], metadata: {} }), ORG, ORG, 'organization.id'],
  [ev('organization.deleted', { object: 'organization', id: ORG, name: 'Foo Corp', domains: [] }), ORG, ORG, 'organization.id'],
  [ev('dsync.group.user_added', { directory_id: DIR, user: directoryUser(ORG), group: directoryGroup(ORG) }), ORG, ORG, 'membership.user.organization_id'],
  [ev('dsync.group.user_removed', { directory_id: DIR, user: directoryUser(null), group: directoryGroup(ORG) }), ORG, ORG, 'membership.group.organization_id'],
  [ev('organization_domain.verification_failed', { reason: 'domain_verification_period_expired', organization_domain: { object: 'organization_domain', id: 'org_domain_01', domain: 'foo.com', organization_id: ORG, state: 'failed' } }), ORG, ORG, 'domain.organization_id'],
  [ev('authentication.sso_succeeded', { type: 'sso', status: 'succeeded', user_id: USER, email: 'a@b.com', ip_address: '1.2.3.4', user_agent: 'ua', sso: { connection_id: 'conn_01', organization_id: ORG, session_id: 's' } }), ORG, ORG, 'sso.organization_id'],
  [ev('api_key.created', { object: 'api_key', id: 'api_key_01', owner: { type: 'organization', id: ORG }, name: 'k', obfuscated_value: 'sk_…abc', permissions: [] }), ORG, ORG, 'api_key.owner'],
  [ev('user.created', { object: 'user', id: USER }, { organization_id: 'org_top' }), 'org_top', 'org_top', 'event.organization_id'],
  // no organization: keyed by the entity
  [ev('user.created', { object: 'user', id: USER, email: 'a@b.com', email_verified: false, first_name: 'A', last_name: 'B' }), USER, null, 'user.id'],
  [ev('user.deleted', { object: 'user', id: USER, email: 'a@b.com' }), USER, null, 'user.id'],
  [ev('email_verification.created', { object: 'email_verification', id: 'email_verification_01', user_id: USER, email: 'a@b.com', expires_at: 'x' }), USER, null, 'user_id'],
  [ev('magic_auth.created', { object: 'magic_auth', id: 'magic_auth_01', user_id: USER, email: 'a@b.com' }), USER, null, 'user_id'],
  [ev('password_reset.succeeded', { object: 'password_reset', id: 'password_reset_01', user_id: USER, email: 'a@b.com', expires_at: 'x', created_at: 'x' }), USER, null, 'user_id'],
  [ev('session.revoked', { object: 'session', id: 'session_01', user_id: USER, auth_method: 'password', status: 'revoked' }), USER, null, 'user_id'],
  [ev('authentication.password_failed', { type: 'password', status: 'failed', user_id: USER, email: 'a@b.com', error: { code: 'invalid_credentials', message: 'x' } }), USER, null, 'user_id'],
  [ev('authentication.radar_risk_detected', { auth_method: 'password', action: 'login', control: null, blocklist_type: null, ip_address: null, user_agent: null, user_id: USER, email: 'a@b.com' }), USER, null, 'user_id'],
  [ev('authentication.magic_auth_failed', { type: 'magic_auth', status: 'failed', user_id: null, email: ' Someone@Example.COM ', ip_address: '1.2.3.4' }), 'email:someone@example.com', null, 'email'],
  [ev('role.updated', { object: 'role', slug: 'admin', permissions: ['posts:read'], created_at: 'x', updated_at: 'x' }), 'role:admin', null, 'role.slug'],
  [ev('permission.created', { object: 'permission', id: 'perm_01', slug: 'posts:read', name: 'Read', system: false }), 'permission:posts:read', null, 'permission'],
  [ev('permission.deleted', { object: 'permission', id: 'perm_01' }), 'permission:perm_01', null, 'permission'],
  [ev('flag.created', { object: 'feature_flag', id: 'flag_01', name: 'Beta', slug: 'beta', tags: [], enabled: true }), 'flag_01', null, 'flag'],
  [ev('flag.rule_updated', { object: 'feature_flag', slug: 'beta' }), 'flag:beta', null, 'flag'],
  [ev('dsync.user.created', directoryUser(null)), DIR, null, 'directory_id'],
  [ev('dsync.group.user_added', { directory_id: DIR, user: directoryUser(null), group: directoryGroup(null) }), DIR, null, 'directory_id'],
  [ev('dsync.deleted', { object: 'directory', id: DIR, type: 'azure scim v2.0', state: 'deleting', name: 'Azure' }), DIR, null, 'directory.id'],
  [ev('connection.deleted', { object: 'connection', id: 'conn_01', name: 'c', connection_type: 'GoogleOAuth', state: 'inactive' }), 'conn_01', null, 'data.id'],
  [ev('invitation.revoked', { object: 'invitation', id: 'invitation_01', email: 'a@b.com', state: 'revoked', organization_id: null }), 'invitation_01', null, 'data.id'],
  [ev('api_key.revoked', { object: 'api_key', id: 'api_key_02', owner: { type: 'user', id: USER } }), 'api_key_02', null, 'data.id'],
  [ev('vault.data.created', { actor_id: 'u', actor_source: 'api', actor_name: 'n', kv_name: 'customer-ssn', key_id: 'k', key_context: {} }), 'vault_kv:customer-ssn', null, 'vault.kv_name'],
  [ev('vault.metadata.read', { actor_id: 'u', actor_source: 'api', actor_name: 'n', kv_name: 'customer-ssn' }), 'vault_kv:customer-ssn', null, 'vault.kv_name'],
  [ev('group.member_added', { id: 'group_01', organization_id: ORG }), ORG, ORG, 'data.organization_id'],
];

describe('partitionKeyFor', () => {
  const rows = cases.map(([event, key, organizationId, rule]) => ({ name: event.event, event, key, organizationId, rule }));
  it.each(rows)('keys $name by rule $rule', ({ event, key, organizationId, rule }) => {
    expect(partitionKeyFor(event)).toEqual({ key, organizationId, rule });
  });

  it('falls back to the event id when nothing else identifies the subject', () => {
    const kek = ev('vault.kek.created', { actor_id: 'u', actor_source: 'api', actor_name: 'n', key_name: 'k', key_id: 'kid' });
    expect(partitionKeyFor(kek)).toEqual({ key: kek.id, organizationId: null, rule: 'event.id' });
    expect(partitionKeyFor({ id: 'event_X', event: 'brand.new', data: null })).toEqual({ key: 'event_X', organizationId: null, rule: 'event.id' });
  });

  it('puts every event of one user on one key, whatever the family', () => {
    const keys = [
      ev('user.created', { id: USER }),
      ev('user.updated', { id: USER }),
      ev('email_verification.created', { id: 'email_verification_01', user_id: USER }),
      ev('password_reset.created', { id: 'password_reset_01', user_id: USER }),
      ev('authentication.password_succeeded', { user_id: USER, email: 'a@b.com' }),
      ev('session.revoked', { id: 'session_01', user_id: USER }),
    ].map((e) => partitionKeyFor(e).key);
    expect(new Set(keys)).toEqual(new Set([USER]));
  });

  it('ignores empty strings and non-string ids', () => {
    expect(partitionKeyFor(ev('connection.activated', { id: 'conn_9', organization_id: '' })).key).toBe('conn_9');
    expect(partitionKeyFor(ev('api_key.created', { id: 'api_key_9', owner: { type: 'organization', id: 42 } })).key).toBe('api_key_9');
  });

  it('throws INVALID_EVENT for an event with no id and nothing else to key by', () => {
    expect(() => partitionKeyFor({ event: 'vault.names.listed', data: { actor_id: 'u' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_EVENT', retriable: false }),
    );
  });

  it('never throws for any SDK event name that carries an id', () => {
    for (const name of SDK_EVENT_NAMES) expect(partitionKeyFor(ev(name, {})).key).toMatch(/^event_/);
  });
});

describe('PARTITION_KEY_RULES', () => {
  it('lists every organization rule before any entity rule, and ends with the event id', () => {
    const kinds = PARTITION_KEY_RULES.map((r) => r.keyKind);
    expect(kinds.lastIndexOf('organization')).toBeLessThan(kinds.indexOf('entity'));
    expect(PARTITION_KEY_RULES.at(-1)?.rule).toBe('event.id');
    expect(new Set(PARTITION_KEY_RULES.map((r) => r.rule)).size).toBe(PARTITION_KEY_RULES.length);
  });

  it('matches exact names and prefixes', () => {
    const sso = PARTITION_KEY_RULES.find((r) => r.rule === 'sso.organization_id');
    expect(sso && ruleMatches(sso, 'authentication.sso_failed')).toBe(true);
    const org = PARTITION_KEY_RULES.find((r) => r.rule === 'organization.id');
    expect(org && ruleMatches(org, 'organization_domain.created')).toBe(false);
  });

  it('renders as a Markdown table with one row per rule', () => {
    const md = partitionKeyRulesMarkdown().split('\n');
    expect(md[0]).toBe('| rule | events | key kind | key |');
    expect(md).toHaveLength(PARTITION_KEY_RULES.length + 2);
    expect(md[3]).toContain('`organization.*`');
  });
});
