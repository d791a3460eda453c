/**
 * THE partition-key rule of `workos.events`, as one ordered table. The first row that matches the
 * event name and finds a value wins. Organization rows come first: an event that belongs to an
 * organization is keyed by the bare organization id, wherever WorkOS put it (reference §3), so
 * all of one organization's events share one key and stay in order. Events with no organization
 * are keyed by the entity they are about (user, directory, role, …), so that entity's events stay
 * in order without funnelling everything into one hot partition. Docs are generated from the
 * table ({@link partitionKeyRulesMarkdown}), so code and docs cannot disagree.
 */
import { ConnectorError } from '../core/errors.js';

/** The fields of a raw event the rule reads; any raw WorkOS event object fits. */
export interface PartitionKeyInput {
  readonly id?: unknown;
  readonly event?: unknown;
  readonly data?: unknown;
  readonly organization_id?: unknown;
}

type Data = { readonly [key: string]: unknown };

/** One row of the table. */
export interface PartitionKeyRule {
  /** Stable name, returned with every key (log it; tests and docs refer to it). */
  readonly rule: string;
  /** Event names the row applies to: exact names, or prefixes ending in `*` (`*` alone = all). */
  readonly match: readonly string[];
  /** Where the key comes from, in words, for the docs. */
  readonly source: string;
  /** `organization`: the key is an organization id. `entity`/`event`: fallbacks. */
  readonly keyKind: 'organization' | 'entity' | 'event';
  /** The key, or undefined when this row finds nothing for the event. */
  readonly extract: (data: Data, event: PartitionKeyInput) => string | undefined;
}

/** The outcome: the key, the organization id when known (also a record header), the rule used. */
export interface PartitionKey {
  key: string;
  organizationId: string | null;
  rule: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const at = (data: Data, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Data)[key] : undefined), data);
const prefixed = (prefix: string, value: unknown): string | undefined => {
  const v = text(value);
  return v === undefined ? undefined : `${prefix}:${v}`;
};

const MEMBERSHIP = ['dsync.group.user_added', 'dsync.group.user_removed'];
const USER_FLOWS = ['email_verification.*', 'magic_auth.*', 'password_reset.*', 'authentication.*', 'session.*'];

/** The table, in priority order. */
export const PARTITION_KEY_RULES: readonly PartitionKeyRule[] = Object.freeze([
  { rule: 'event.organization_id', match: ['*'], keyKind: 'organization', source: '`organization_id` at the top level of the event (not sent today; honoured first if it appears)', extract: (_d, e) => text(e.organization_id) },
  { rule: 'organization.id', match: ['organization.*'], keyKind: 'organization', source: '`data.id`: the event is about the organization itself', extract: (d) => text(d.id) },
  { rule: 'membership.user.organization_id', match: MEMBERSHIP, keyKind: 'organization', source: '`data.user.organization_id` (no top-level org id on membership changes)', extract: (d) => text(at(d, 'user', 'organization_id')) },
  { rule: 'membership.group.organization_id', match: MEMBERSHIP, keyKind: 'organization', source: '`data.group.organization_id`', extract: (d) => text(at(d, 'group', 'organization_id')) },
  { rule: 'domain.organization_id', match: ['organization_domain.verification_failed'], keyKind: 'organization', source: '`data.organization_domain.organization_id`', extract: (d) => text(at(d, 'organization_domain', 'organization_id')) },
  { rule: 'sso.organization_id', match: ['authentication.*'], keyKind: 'organization', source: '`data.sso.organization_id` (SSO sign-ins only)', extract: (d) => text(at(d, 'sso', 'organization_id')) },
  { rule: 'api_key.owner', match: ['api_key.*'], keyKind: 'organization', source: '`data.owner.id` when `data.owner.type` is `organization`', extract: (d) => (at(d, 'owner', 'type') === 'organization' ? text(at(d, 'owner', 'id')) : undefined) },
  { rule: 'data.organization_id', match: ['*'], keyKind: 'organization', source: '`data.organization_id` (dsync, connection, organization_domain, organization_membership, organization_role, invitation, session, vault.byok_key)', extract: (d) => text(d.organization_id) },
  { rule: 'user.id', match: ['user.*'], keyKind: 'entity', source: '`data.id`: the user (users are environment-wide)', extract: (d) => text(d.id) },
  { rule: 'user_id', match: USER_FLOWS, keyKind: 'entity', source: '`data.user_id`: the user the flow is for, so it orders with `user.*`', extract: (d) => text(d.user_id) },
  { rule: 'email', match: USER_FLOWS, keyKind: 'entity', source: '`email:<data.email>` lower-cased (e.g. a failed sign-in for an unknown user)', extract: (d) => prefixed('email', text(d.email)?.trim().toLowerCase()) },
  { rule: 'role.slug', match: ['role.*', 'organization_role.*'], keyKind: 'entity', source: '`role:<data.slug>` (roles have no id)', extract: (d) => prefixed('role', d.slug) },
  { rule: 'permission', match: ['permission.*'], keyKind: 'entity', source: '`permission:<data.slug>`, else `permission:<data.id>`', extract: (d) => prefixed('permission', text(d.slug) ?? d.id) },
  { rule: 'flag', match: ['flag.*'], keyKind: 'entity', source: '`data.id`, else `flag:<data.slug>`', extract: (d) => text(d.id) ?? prefixed('flag', d.slug) },
  { rule: 'directory_id', match: ['dsync.*'], keyKind: 'entity', source: '`data.directory_id`: the directory, for directories not linked to an organization', extract: (d) => text(d.directory_id) },
  { rule: 'directory.id', match: ['dsync.activated', 'dsync.deleted'], keyKind: 'entity', source: '`data.id`: the directory itself', extract: (d) => text(d.id) },
  { rule: 'vault.kv_name', match: ['vault.data.*', 'vault.metadata.*'], keyKind: 'entity', source: '`vault_kv:<data.kv_name>`: the vault object', extract: (d) => prefixed('vault_kv', d.kv_name) },
  { rule: 'data.id', match: ['*'], keyKind: 'entity', source: '`data.id`: whatever the event is about (connection, invitation, …)', extract: (d) => text(d.id) },
  { rule: 'event.id', match: ['*'], keyKind: 'event', source: 'the event id (last resort: no order with other events)', extract: (_d, e) => text(e.id) },
] satisfies PartitionKeyRule[]);

/** Whether a row applies to `eventName`. */
export function ruleMatches(rule: PartitionKeyRule, eventName: string): boolean {
  return rule.match.some((pattern) => (pattern.endsWith('*') ? eventName.startsWith(pattern.slice(0, -1)) : eventName === pattern));
}

// Every event's key starts from the rows for its name; WorkOS has a few dozen names, so matching
// each name against the table once, not once per event, is a small map. The bound only guards
// against a stream of made-up names.
const RULES_BY_NAME = new Map<string, readonly PartitionKeyRule[]>();
const MAX_CACHED_NAMES = 1_000;

function rulesFor(eventName: string): readonly PartitionKeyRule[] {
  let rows = RULES_BY_NAME.get(eventName);
  if (rows === undefined) {
    rows = PARTITION_KEY_RULES.filter((row) => ruleMatches(row, eventName));
    if (RULES_BY_NAME.size < MAX_CACHED_NAMES) RULES_BY_NAME.set(eventName, rows);
  }
  return rows;
}

/**
 * The partition key of one raw WorkOS event (see {@link PARTITION_KEY_RULES}). Throws
 * non-retriable `INVALID_EVENT` only for an event with no usable field at all, not even an id.
 */
export function partitionKeyFor(event: PartitionKeyInput): PartitionKey {
  const name = typeof event.event === 'string' ? event.event : '';
  const data: Data = typeof event.data === 'object' && event.data !== null ? (event.data as Data) : {};
  for (const row of rulesFor(name)) {
    const key = row.extract(data, event);
    if (key !== undefined) return { key, organizationId: row.keyKind === 'organization' ? key : null, rule: row.rule };
  }
  throw new ConnectorError(`Cannot compute a partition key for event "${name}": it has no id`, {
    code: 'INVALID_EVENT',
    context: { eventType: name },
  });
}

/** The table as a Markdown table, so the docs page on topics and keys can be generated from (or checked against) the code. */
export function partitionKeyRulesMarkdown(): string {
  const rows = PARTITION_KEY_RULES.map((r) => `| ${r.rule} | ${r.match.map((m) => `\`${m}\``).join(', ')} | ${r.keyKind} | ${r.source} |`);
  return ['| rule | events | key kind | key |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
