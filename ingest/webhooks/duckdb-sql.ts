// DuckDB SQL the webhook committer adds to the ingest writer's: the deliveries ledger, the redaction
// tombstones and the merge-upsert webhook rows use. Pure SQL text.
import { quoteIdent, quoteString, routedColumnsSql } from '../warehouse/duckdb-sql.js';
import { jsonAsRawData } from '../warehouse/raw-struct.js';
import { columnsOf, type RawTable, type RawTableName } from '../warehouse/tables.js';

export const DELIVERIES_TABLE = '_webhook_deliveries';
export const REDACTIONS_TABLE = '_webhook_redactions';
export const DELETIONS_TABLE = '_webhook_deletions';

export function webhookTablesSql(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.${DELIVERIES_TABLE} (dedup_key VARCHAR PRIMARY KEY, webhook_id VARCHAR, event_id VARCHAR,
      topic VARCHAR, resource_id VARCHAR, triggered_at TIMESTAMPTZ, received_at TIMESTAMPTZ, committed_at TIMESTAMPTZ, outcome VARCHAR)`,
    // Ids only (no personal data): rows of these customers/orders are redacted again whenever a late
    // webhook or a sync lands them after the redaction.
    `CREATE TABLE IF NOT EXISTS ${s}.${REDACTIONS_TABLE} (kind VARCHAR, id VARCHAR, redacted_at TIMESTAMPTZ, PRIMARY KEY (kind, id))`,
    // Deletions seen by webhook: a late create/update retry (or a delete arriving before its create) must
    // not bring the record back. Raw tables get no phantom rows for ids they never held.
    `CREATE TABLE IF NOT EXISTS ${s}.${DELETIONS_TABLE} (tbl VARCHAR, id VARCHAR, deleted_at TIMESTAMPTZ, PRIMARY KEY (tbl, id))`,
  ];
}

/**
 * Webhook rows merge into the stored node (REST payloads lack some GraphQL fields, e.g. the journey
 * summary) and never resurrect a deleted row; older versions never overwrite newer ones. The merge runs on
 * JSON before the upsert: in the typed `data` a field the payload lacks and a field it sets to null look
 * the same, and only the first must keep the stored value.
 */
export function mergeUpsertSql(schema: string, table: RawTable): string[] {
  const cols = columnsOf(table);
  const t = quoteIdent(table.name);
  const target = `${quoteIdent(schema)}.${t}`;
  const newer = (stored: string, incoming: string) => `(${stored}.updated_at IS NULL OR ${incoming}.updated_at >= ${stored}.updated_at)`;
  const sets = cols
    .filter((c) => c !== 'id')
    .map((c) => {
      const q = quoteIdent(c);
      if (c === 'data') return `data = coalesce(excluded.data, ${t}.data)`;
      if (c === 'is_deleted') return `is_deleted = coalesce(${t}.is_deleted, false)`;
      if (c === 'legacy_resource_id') return `${q} = coalesce(excluded.${q}, ${t}.${q})`;
      return `${q} = excluded.${q}`;
    });
  return [
    `UPDATE _clv_routed r SET data = json_merge_patch(to_json(s.data), r.data)
FROM ${target} s WHERE r.tbl = ${quoteString(table.name)} AND s.id = r.id AND s.data IS NOT NULL AND r.data IS NOT NULL AND ${newer('s', 'r')}`,
    `INSERT INTO ${target} (${cols.map(quoteIdent).join(', ')})
SELECT ${routedColumnsSql(table)} FROM _clv_routed WHERE tbl = ${quoteString(table.name)}
ON CONFLICT (id) DO UPDATE SET ${sets.join(', ')}
WHERE ${newer(t, 'excluded')}`,
  ];
}

export const CUSTOMER_PII_PATCH = JSON.stringify({
  firstName: null, lastName: null, displayName: null, email: null, phone: null, note: null,
  defaultEmailAddress: null, defaultPhoneNumber: null, defaultAddress: null, addresses: null,
});
export const ORDER_PII_PATCH = JSON.stringify({
  email: null, phone: null, note: null, billingAddress: null, shippingAddress: null, contactEmail: null,
  customer: { email: null, firstName: null, lastName: null, phone: null, displayName: null, defaultAddress: null },
});

/** Re-applies every recorded redaction to raw rows (idempotent; cheap: the tombstone table is small). */
export function applyRedactionsSql(schema: string): string[] {
  const s = quoteIdent(schema);
  const customers = `SELECT id FROM ${s}.${REDACTIONS_TABLE} WHERE kind = 'customer'`;
  const orders = `SELECT id FROM ${s}.${REDACTIONS_TABLE} WHERE kind = 'order'`;
  // Only rows the patch changes, and those get a new _synced_at: incremental models reprocess rows by
  // _synced_at, so the next (re)build replaces their copies of the personal fields.
  // `data` is typed: patched as JSON, then typed again (patch keys the table does not hold are ignored).
  const patch = (t: RawTableName, p: string, where: string) => {
    const patched = jsonAsRawData(t, `json_merge_patch(to_json(data), ${quoteString(p)})`);
    return `UPDATE ${s}.${t} SET data = ${patched}, _synced_at = now()
     WHERE (${where}) AND data IS NOT NULL AND ${patched} IS DISTINCT FROM data`;
  };
  return [
    patch('customers', CUSTOMER_PII_PATCH, `id IN (${customers})`),
    patch('orders', ORDER_PII_PATCH, `customer_id IN (${customers}) OR id IN (${orders})`),
  ];
}
