/** Word lists for realistic-looking names, emails and attributes. Order matters for determinism. */

/** Given names. */
export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Arjun', 'Beatriz', 'Bruno', 'Chen', 'Chloe', 'Dario', 'Dana', 'Elif', 'Emeka',
  'Farah', 'Felix', 'Grace', 'Gustavo', 'Hana', 'Henrik', 'Ines', 'Ivan', 'Jade', 'Jonas', 'Kemal', 'Keiko',
  'Lena', 'Luca', 'Maya', 'Mateo', 'Nadia', 'Nikolai', 'Olga', 'Omar', 'Priya', 'Pablo', 'Quinn', 'Rosa',
  'Rahul', 'Sofia', 'Sven', 'Tara', 'Tomas', 'Uma', 'Victor', 'Wen', 'Xavier', 'Yara', 'Yusuf', 'Zoe',
] as const;

/** Family names. */
export const LAST_NAMES = [
  'Abara', 'Bianchi', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen',
  'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka',
  'Ueda', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Novak', 'Silva', 'Murphy', 'Kim',
] as const;

/** First half of company names. */
export const COMPANY_HEADS = [
  'Acme', 'Blue', 'Cobalt', 'Delta', 'Ember', 'Foxglove', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Kite',
  'Lumen', 'Maple', 'Nimbus', 'Orbit', 'Pioneer', 'Quartz', 'River', 'Summit', 'Tidal', 'Umbra', 'Vector',
  'Willow', 'Zenith',
] as const;

/** Second half of company names. */
export const COMPANY_TAILS = ['Labs', 'Systems', 'Health', 'Logistics', 'Capital', 'Robotics', 'Foods', 'Media', 'Energy', 'Works'] as const;

/** Departments for custom attributes. */
export const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Legal', 'Operations', 'Design', 'People'] as const;

/** Job titles. */
export const JOB_TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Director', 'Analyst', 'Designer', 'Account Executive', 'Recruiter'] as const;

/** Directory-sync provider types as WorkOS names them. */
export const DIRECTORY_TYPES = ['okta scim v2.0', 'azure scim v2.0', 'gsuite directory', 'generic scim v2.0', 'jump cloud scim v2.0', 'rippling'] as const;

/** SSO connection types (`connection_type`). */
export const CONNECTION_TYPES = ['OktaSAML', 'AzureSAML', 'GoogleOAuth', 'GenericOIDC', 'GenericSAML', 'OneLoginSAML'] as const;

/** Directory group names. */
export const GROUP_NAMES = ['Engineering', 'Sales', 'Admins', 'Contractors', 'Everyone', 'Finance', 'Support', 'Leadership', 'Interns'] as const;

/** Role slugs used by memberships and directory users. */
export const ROLE_SLUGS = ['member', 'admin', 'billing', 'viewer'] as const;

/** Words for custom role and permission slugs. */
export const RESOURCE_WORDS = ['reports', 'billing', 'users', 'projects', 'invoices', 'audit', 'settings', 'widgets'] as const;

/** Locales for user-management users. */
export const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'pt-BR'] as const;

/** Browser user agents. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
] as const;
