import { describe, expect, it } from 'vitest';
import { EntityTable } from '../../../emulator/state/entity-table.js';
import { resolveListBehaviour } from '../../../emulator/state/list-behaviour.js';
import type { ListBehaviourOptions } from '../../../emulator/state/list-behaviour.js';
import { paginate, parsePageQuery } from '../../../emulator/state/list-page.js';

// Seven objects; b and c share a created_at, so the id breaks the tie.
const CREATED: Record<string, string> = {
  a: '2025-01-01T00:00:00.000Z',
  b: '2025-01-02T00:00:00.000Z',
  c: '2025-01-02T00:00:00.000Z',
  d: '2025-01-03T00:00:00.000Z',
  e: '2025-01-04T00:00:00.000Z',
  f: '2025-01-05T00:00:00.000Z',
  g: '2025-01-06T00:00:00.000Z',
};

function table(): EntityTable {
  const t = new EntityTable();
  // Inserted out of order on purpose: the list sorts, it does not trust insertion order.
  for (const id of ['d', 'a', 'g', 'c', 'b', 'f', 'e']) t.upsert({ id, created_at: CREATED[id] }, 0);
  return t;
}

function list(qs: string, options: ListBehaviourOptions = {}, t = table()) {
  const behaviour = resolveListBehaviour(options);
  const query = parsePageQuery(new URLSearchParams(qs), behaviour);
  if (!query.ok) return { status: query.error.status, body: query.error.body, ids: [] as string[], before: null, after: null };
  const page = paginate(t.listed(), query.value, (id) => t.get(id), behaviour);
  if (!page.ok) return { status: page.error.status, body: page.error.body, ids: [] as string[], before: null, after: null };
  return { status: 200, body: null, ids: page.value.items.map((r) => r.id), before: page.value.before, after: page.value.after };
}

describe('state list pagination', () => {
  it('defaults to desc (newest first), limit 10, ties broken by id', () => {
    expect(list('').ids).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
    expect(list('order=asc').ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('pages forward with after and sets list_metadata before/after only when objects lie beyond', () => {
    const first = list('limit=3');
    expect(first).toMatchObject({ ids: ['g', 'f', 'e'], before: null, after: 'e' });
    const second = list('limit=3&after=e');
    expect(second).toMatchObject({ ids: ['d', 'c', 'b'], before: 'd', after: 'b' });
    expect(list('limit=3&after=b')).toMatchObject({ ids: ['a'], before: 'a', after: null });
    expect(list('limit=3&order=asc&after=b')).toMatchObject({ ids: ['c', 'd', 'e'], before: 'c', after: 'e' });
  });

  it('pages backwards with before: the objects just ahead of the cursor, in list order', () => {
    expect(list('limit=2&before=c')).toMatchObject({ ids: ['e', 'd'], before: 'e', after: 'd' });
    expect(list('limit=10&before=c')).toMatchObject({ ids: ['g', 'f', 'e', 'd'], before: null, after: 'd' });
    expect(list('limit=2&order=asc&before=c')).toMatchObject({ ids: ['a', 'b'], before: null, after: 'b' });
  });

  it('continues from a deleted object, which keeps its place in the order', () => {
    const t = table();
    t.delete('d');
    expect(list('limit=2&after=d', {}, t).ids).toEqual(['c', 'b']);
    expect(list('limit=2&before=d', {}, t).ids).toEqual(['f', 'e']);
  });

  it('re-sorts after the table changes (the sorted view is cached between changes)', () => {
    const t = table();
    expect(t.listed().map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    t.upsert({ id: 'h', created_at: '2024-12-31T00:00:00.000Z' }, 0);
    t.delete('c');
    t.patch('a', (item) => ({ ...item, name: 'renamed' }));
    expect(t.listed().map((r) => r.id)).toEqual(['h', 'a', 'b', 'd', 'e', 'f', 'g']);
    expect(t.listed()[1]?.item['name']).toBe('renamed');
  });

  it('rejects a limit outside 1–100 and an unknown order with 422', () => {
    for (const limit of ['0', '101', '2.5', 'x']) {
      expect(list(`limit=${limit}`)).toMatchObject({ status: 422, body: { errors: [{ field: 'limit', code: 'limit_out_of_range' }] } });
    }
    expect(list('limit=100').ids).toHaveLength(7);
    expect(list('order=normal')).toMatchObject({ status: 422, body: { errors: [{ field: 'order', code: 'invalid_order' }] } });
  });

  it('rejects after with before, or lets after win when configured', () => {
    expect(list('after=e&before=b')).toMatchObject({ status: 422, body: { errors: [{ field: 'before', code: 'mutually_exclusive' }] } });
    expect(list('limit=2&after=e&before=b', { afterWithBefore: 'prefer-after' }).ids).toEqual(['d', 'c']);
  });

  it('answers a cursor that never named an object according to unknownCursor', () => {
    expect(list('after=zz')).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(list('before=zz')).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(list('limit=2&after=zz', { unknownCursor: 'restart' }).ids).toEqual(['g', 'f']);
    expect(list('after=zz', { unknownCursor: 'empty' })).toMatchObject({ status: 200, ids: [], before: null, after: null });
  });
});
