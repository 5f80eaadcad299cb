// gid_key (macros/cross_db/gid_key.sql) on ids a dirty source can send: the order-grain models join and
// group on these integer keys, so two different ids must never share one and no id may stop the build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clv } from './build.js';

const dir = mkdtempSync(path.join(tmpdir(), 'clv-gid-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDER = 'gid://shopify/Order/';
// every tail an engine also reads as a number ('0123', '+123', '1_23', '12.0', '1e2', ' 12') sits beside the
// canonical id it would otherwise collide with; then other types, non-numbers, overflow, zero and negatives
const IDS = [
  `${ORDER}6100000000000`, `${ORDER}123`, `${ORDER}0123`, `${ORDER}+123`, `${ORDER}1_23`, `${ORDER}12`, `${ORDER}12.0`,
  `${ORDER} 12`, `${ORDER}100`, `${ORDER}1e2`, 'gid://shopify/DraftOrder/123', `${ORDER}abc`,
  `${ORDER}99999999999999999999`, `${ORDER}0`, `${ORDER}-5`, 'legacy-42', '',
];

async function keys(type: string, ids: (string | null)[]): Promise<Map<string | null, string | null>> {
  const values = ids.map((id) => (id === null ? '(null)' : `('${id}')`)).join(', ');
  const sql = `select id, cast({{ gid_key('id', '${type}') }} as varchar) as k from (values ${values}) as t(id)`;
  const out = await clv(path.join(dir, 'keys.duckdb'), ['show', '--inline', sql, '--output', 'json', '--limit', '-1']);
  const { rows } = JSON.parse(out.slice(out.indexOf('{"node"'))) as { rows: { id: string | null; k: string | null }[] };
  return new Map(rows.map((r) => [r.id, r.k]));
}

it('keys a canonical Shopify gid by its number and any other id by a distinct negative hash', async () => {
  const k = await keys('Order', [...IDS, null]);
  expect(k.get(`${ORDER}6100000000000`)).toBe('6100000000000');
  expect(k.get(`${ORDER}123`)).toBe('123');
  expect(k.get(`${ORDER}12`)).toBe('12');
  expect(k.get(`${ORDER}100`)).toBe('100');
  for (const id of IDS.filter((i) => !['6100000000000', '123', '12', '100'].some((n) => i === `${ORDER}${n}`))) {
    expect(BigInt(k.get(id)!), id).toBeLessThan(0n);
  }
  expect(new Set(IDS.map((id) => k.get(id))).size).toBe(IDS.length);
  expect(k.get(null)).toBeNull();
});

it('is deterministic across builds (an incremental merge matches the rows a full refresh keyed)', async () => {
  const [first, second] = [await keys('Order', IDS), await keys('Order', IDS)];
  expect([...second]).toEqual([...first]);
});
