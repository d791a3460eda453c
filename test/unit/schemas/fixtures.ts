/** Raw events as the API returns them (reference §4), shared by the schema tests. */

export const DSYNC_USER_UPDATED = {
  id: 'event_01234ABCD',
  created_at: '2020-05-06 04:21:48.649164',
  event: 'dsync.user.updated',
  data: {
    object: 'directory_user',
    id: 'directory_user_456',
    custom_attributes: { custom: true },
    directory_id: 'dir_123',
    organization_id: 'org_123',
    email: 'jonsnow@workos.com',
    first_name: 'Jon',
    idp_id: 'idp_foo',
    last_name: 'Snow',
    raw_attributes: {},
    state: 'active',
    role: { slug: 'super_admin' },
    previous_attributes: { role: { slug: 'member' } },
    created_at: '2021-10-27 15:21:50.640959',
    updated_at: '2021-12-13 12:15:45.531847',
  },
};

export const MEMBERSHIP_CREATED = {
  event: 'organization_membership.created',
  id: 'event_04FKJ843CVE8F7BXQSPFH0M53V',
  data: {
    id: 'om_01E4ZCR3C56J083X43JQXF3JK5',
    object: 'organization_membership',
    user_id: 'user_01E4ZCR3C5A4QZ2Z2JQXGKZJ9E',
    organization_id: 'org_01E4ZCR3C56J083X43JQXF3JK5',
    status: 'pending',
    role: { slug: 'member' },
    roles: [{ slug: 'member' }],
    custom_attributes: { department: 'Engineering' },
    created_at: '2023-11-16T21:32:25.235Z',
    updated_at: '2023-11-16T21:32:25.235Z',
  },
  created_at: '2023-11-16T16:32:25.239Z',
  context: {},
};
