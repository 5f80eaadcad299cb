// Privacy topics after their batch committed: the raw rows are already redacted (committer); here the
// copies in models built from them are patched, and data requests are exported. Logs carry ids, never
// personal data.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { quoteIdent, quoteString } from '../warehouse/duckdb-sql.js';
import type { WebhookCommitter } from './committer.js';
import type { Action } from './topics.js';

interface Relation { schema: string; name: string; type: string; columns: { name: string; type: string }[] }

async function relations(c: WebhookCommitter): Promise<Relation[]> {
  const rows = await c.rows<{ s: string; t: string; k: string; col: string; ty: string }>(
    `SELECT t.table_schema AS s, t.table_name AS t, t.table_type AS k, c.column_name AS col, c.data_type AS ty
     FROM information_schema.tables t JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
     WHERE t.table_catalog = current_database() AND t.table_schema NOT IN ('information_schema', 'pg_catalog')
     ORDER BY 1, 2, c.ordinal_position`,
  );
  const out = new Map<string, Relation>();
  for (const r of rows) {
    const key = `${r.s}.${r.t}`;
    if (!out.has(key)) out.set(key, { schema: r.s, name: r.t, type: r.k, columns: [] });
    out.get(key)!.columns.push({ name: r.col, type: r.ty });
  }
  return [...out.values()];
}

const TEXTUAL = (type: string) => /CHAR|TEXT|JSON|STRING/i.test(type);

export interface PiiValues {
  /** Values that identify the customer anywhere (email, phone). */
  anywhere: string[];
  /** Values that are personal only next to the customer's id (names, zip, street). */
  nextToId: string[];
  ids: string[];
}

/** Where personal values still appear: `schema.table.column` per hit. Views included. */
export async function findPii(c: WebhookCommitter, pii: PiiValues): Promise<string[]> {
  const hits: string[] = [];
  for (const rel of await relations(c)) {
    const text = rel.columns.filter((col) => TEXTUAL(col.type));
    if (text.length === 0) continue;
    const target = `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
    const idCond = idCondition(rel, pii.ids);
    for (const col of text) {
      const v = `CAST(${quoteIdent(col.name)} AS VARCHAR)`;
      const conds = [
        ...pii.anywhere.filter(Boolean).map((x) => `contains(lower(${v}), ${quoteString(x.toLowerCase())})`),
        ...(idCond ? pii.nextToId.filter(Boolean).map((x) => `(${idCond}) AND contains(${v}, ${quoteString(x)})`) : []),
      ];
      if (conds.length === 0) continue;
      const [row] = await c.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${target} WHERE ${conds.map((x) => `(${x})`).join(' OR ')}`);
      if (row && row.n > 0) hits.push(`${rel.schema}.${rel.name}.${col.name}`);
    }
  }
  return hits;
}

function idCondition(rel: Relation, ids: string[]): string | null {
  const cols = rel.columns.filter((col) => TEXTUAL(col.type) && !/JSON/i.test(col.type) && /(^|_)id$|customer/i.test(col.name));
  if (cols.length === 0 || ids.length === 0) return null;
  return cols.map((col) => `CAST(${quoteIdent(col.name)} AS VARCHAR) IN (${ids.map(quoteString).join(', ')})`).join(' OR ');
}

/** Null out every remaining cell holding personal values in base tables outside the raw schema. */
export async function patchPii(c: WebhookCommitter, pii: PiiValues): Promise<number> {
  let patched = 0;
  for (const rel of await relations(c)) {
    if (rel.type !== 'BASE TABLE' || rel.schema === c.schema) continue;
    const target = `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
    const idCond = idCondition(rel, pii.ids);
    for (const col of rel.columns.filter((x) => TEXTUAL(x.type))) {
      const v = `CAST(${quoteIdent(col.name)} AS VARCHAR)`;
      const conds = [
        ...pii.anywhere.filter(Boolean).map((x) => `contains(lower(${v}), ${quoteString(x.toLowerCase())})`),
        ...(idCond ? pii.nextToId.filter(Boolean).map((x) => `(${idCond}) AND contains(${v}, ${quoteString(x)})`) : []),
      ];
      if (conds.length === 0) continue;
      patched += await c.run(`UPDATE ${target} SET ${quoteIdent(col.name)} = NULL WHERE ${conds.map((x) => `(${x})`).join(' OR ')}`);
    }
  }
  return patched;
}

/** Personal values of a customer as the raw tables held them (read before the redaction commits). */
export async function piiOf(c: WebhookCommitter, customerId: string): Promise<PiiValues> {
  const s = quoteIdent(c.schema);
  const [row] = await c.rows<{ data: string | null }>(`SELECT to_json(data)::VARCHAR AS data FROM ${s}.customers WHERE id = ${quoteString(customerId)}`);
  const d = row?.data ? (JSON.parse(row.data) as Record<string, any>) : {};
  const orderEmails = await c.rows<{ e: string | null }>(`SELECT DISTINCT json_extract_string(to_json(data), '$.email') AS e FROM ${s}.orders WHERE customer_id = ${quoteString(customerId)}`);
  const legacy = customerId.split('/').pop()!;
  return {
    anywhere: [d['defaultEmailAddress']?.['emailAddress'], d['email'], d['defaultPhoneNumber']?.['phoneNumber'], d['phone'], ...orderEmails.map((r) => r.e)].filter(
      (x): x is string => typeof x === 'string' && x.length > 3,
    ),
    nextToId: [d['firstName'], d['lastName'], d['defaultAddress']?.['zip'], d['defaultAddress']?.['address1']].filter((x): x is string => typeof x === 'string' && x.length > 0),
    ids: [customerId, legacy],
  };
}

/** customers/data_request: everything held about the customer, written to one JSON file. */
export async function exportCustomer(c: WebhookCommitter, action: Extract<Action, { kind: 'data-request' }>, dir: string): Promise<string> {
  const s = quoteIdent(c.schema);
  const id = action.customerId ?? '';
  const orders = [...action.orderIds];
  const customer = await c.rows<{ data: string }>(`SELECT to_json(data)::VARCHAR AS data FROM ${s}.customers WHERE id = ${quoteString(id)}`);
  const orderRows = await c.rows<{ id: string; data: string }>(
    `SELECT id, to_json(data)::VARCHAR AS data FROM ${s}.orders WHERE customer_id = ${quoteString(id)}${orders.length ? ` OR id IN (${orders.map(quoteString).join(', ')})` : ''} ORDER BY id`,
  );
  const ids = orderRows.map((o) => quoteString(o.id)).join(', ') || "''";
  const children: Record<string, unknown[]> = {};
  for (const t of ['order_lines', 'transactions', 'refunds', 'refund_lines', 'discount_applications']) {
    children[t] = (await c.rows<{ data: string }>(`SELECT to_json(data)::VARCHAR AS data FROM ${s}.${quoteIdent(t)} WHERE order_id IN (${ids}) ORDER BY id`)).map((r) => JSON.parse(r.data));
  }
  const file = path.join(dir, `data_request-${id.split('/').pop()}-${action.requestId}.json`);
  await fs.mkdir(dir, { recursive: true });
  const body = { customer_id: id, generated_at: new Date().toISOString(), customer: customer[0] ? JSON.parse(customer[0].data) : null, orders: orderRows.map((o) => JSON.parse(o.data)), ...children };
  await fs.writeFile(file, JSON.stringify(body, null, 2), { mode: 0o600 });
  return file;
}
