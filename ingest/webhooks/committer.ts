// Commits a micro-batch of deliveries to DuckDB in ONE transaction: dedup against the deliveries ledger,
// land upserts through the ingest writer's routing and staging SQL (same raw tables, same ids), flag
// deletions, apply compliance actions, record the deliveries. Owns a DuckDB connection, so it is a class.
// The connection comes from the runner's DuckDB adapter, which keeps ONE DuckDBInstance per file in this
// process: `--build` runs and `--reconcile` syncs in the same process then see (and never clobber) the
// committed webhook rows. Two instances on one file in one process each think they own it.
import { promises as fs } from 'node:fs';
import type { Connection } from '../../runner/adapters/adapter.js';
import { DuckDBWarehouse } from '../../runner/adapters/duckdb/index.js';
import { flattenNode, toJsonl, type Json } from '../sync/flatten.js';
import { tempFile } from '../sync/landing.js';
import {
  dropOrphanedChildrenSql, quoteIdent, quoteString, routeLinesSql, stageLinesSql,
} from '../warehouse/duckdb-sql.js';
import { ensureRawTables } from '../warehouse/duckdb-tables.js';
import { RAW_TABLES, SYNC_STATE_TABLE, foreignKeyTo, rawTable, type RawTableName } from '../warehouse/tables.js';
import type { Delivery } from './delivery.js';
import { DELETIONS_TABLE, DELIVERIES_TABLE, REDACTIONS_TABLE, applyRedactionsSql, mergeUpsertSql, webhookTablesSql } from './duckdb-sql.js';
import { piiOf, type PiiValues } from './compliance.js';
import { parsePayload } from './json.js';
import { actionFor, type Action, type Root } from './topics.js';

export interface CommitResult {
  committed: number;
  duplicates: number;
  /** Raw tables whose rows changed (for `--build` selection). */
  changed: RawTableName[];
  /** Compliance work the caller finishes outside the raw schema (downstream models, export files). */
  compliance: { topic: string; action: Action; delivery: Delivery; pii?: PiiValues }[];
}

const CLOCKED = new Set(['Order', 'Customer', 'Product']);

export class WebhookCommitter {
  /** Whether any deletion / redaction was ever recorded: until then their per-batch re-application is skipped. */
  private anyDeletion = true;
  private anyRedaction = true;

  private constructor(
    private readonly warehouse: DuckDBWarehouse,
    private readonly session: Connection,
    readonly schema: string,
    readonly apiVersion: string,
  ) {}

  static async open(path: string, options: { schema?: string; apiVersion: string }): Promise<WebhookCommitter> {
    const warehouse = await DuckDBWarehouse.open(path, { threads: 1 });
    const session = await warehouse.acquire();
    const c = new WebhookCommitter(warehouse, session, options.schema ?? 'raw_shopify', options.apiVersion);
    await ensureRawTables(c, c.schema);
    for (const sql of webhookTablesSql(c.schema)) await c.run(sql);
    const [n] = await c.rows<{ d: number; r: number }>(
      `SELECT (SELECT count(*) FROM ${c.s}.${DELETIONS_TABLE})::INTEGER AS d, (SELECT count(*) FROM ${c.s}.${REDACTIONS_TABLE})::INTEGER AS r`,
    );
    c.anyDeletion = (n?.d ?? 1) > 0;
    c.anyRedaction = (n?.r ?? 1) > 0;
    return c;
  }

  /** Runs one statement; the number of rows it changed (DML). */
  async run(sql: string): Promise<number> {
    return (await this.session.execute(sql)).rowsAffected ?? 0;
  }

  private get s(): string {
    return quoteIdent(this.schema);
  }

  async rows<T>(sql: string): Promise<T[]> {
    return (await this.session.execute(sql)).rows as T[];
  }

  async commit(batch: Delivery[]): Promise<CommitResult> {
    const result: CommitResult = { committed: 0, duplicates: 0, changed: [], compliance: [] };
    if (batch.length === 0) return result;
    await this.run('BEGIN TRANSACTION');
    try {
      const keys = [...new Set(batch.map((d) => d.key))];
      const seen = new Set(
        (await this.rows<{ k: string }>(`SELECT dedup_key AS k FROM ${this.s}.${DELIVERIES_TABLE} WHERE dedup_key IN (${keys.map(quoteString).join(', ')})`)).map((r) => r.k),
      );
      const fresh: { delivery: Delivery; action: Action }[] = [];
      for (const delivery of batch) {
        if (seen.has(delivery.key)) {
          result.duplicates++;
          continue;
        }
        seen.add(delivery.key);
        let action: Action;
        try {
          action = actionFor(delivery.topic, parsePayload(delivery.body));
        } catch (error) {
          action = { kind: 'ignore', reason: `unparseable body: ${(error as Error).message}` };
        }
        fresh.push({ delivery, action });
      }
      const changed = new Set<RawTableName>();
      const upserts = fresh.filter((f) => f.action.kind === 'upsert');
      if (upserts.length > 0) for (const t of await this.landUpserts(upserts)) changed.add(t);
      const deletes = fresh.flatMap(({ action }) => (action.kind === 'delete' ? [action] : []));
      if (deletes.length > 0) {
        await this.run(`INSERT INTO ${this.s}.${DELETIONS_TABLE} VALUES ${deletes.map((d) => `(${quoteString(d.table)}, ${quoteString(d.id)}, now())`).join(', ')} ON CONFLICT DO NOTHING`);
        for (const d of deletes) changed.add(d.table);
        this.anyDeletion = true;
      }
      if (this.anyDeletion && (deletes.length > 0 || upserts.length > 0)) await this.applyDeletions(changed);
      for (const item of fresh) {
        const { action } = item;
        let pii: PiiValues | undefined;
        if (action.kind === 'redact') {
          // Read before redacting: the downstream models still hold these values and are patched after.
          if (action.customerId) pii = await piiOf(this, action.customerId);
          const rows = [...(action.customerId ? [['customer', action.customerId]] : []), ...action.orderIds.map((id) => ['order', id])];
          for (const [kind, id] of rows) {
            await this.run(`INSERT INTO ${this.s}.${REDACTIONS_TABLE} VALUES (${quoteString(kind!)}, ${quoteString(id!)}, now()) ON CONFLICT DO NOTHING`);
          }
          changed.add('customers').add('orders');
          this.anyRedaction = true;
        } else if (action.kind === 'shop-redact') {
          for (const t of RAW_TABLES) await this.run(`DELETE FROM ${this.s}.${quoteIdent(t.name)}`);
          await this.run(`DELETE FROM ${this.s}.${SYNC_STATE_TABLE}`);
          for (const t of RAW_TABLES) changed.add(t.name);
        }
        if (action.kind === 'redact' || action.kind === 'shop-redact' || action.kind === 'data-request') {
          result.compliance.push({ topic: item.delivery.topic, action, delivery: item.delivery, ...(pii ? { pii } : {}) });
        }
      }
      // Every batch: a late webhook may have brought back personal data of an already redacted customer.
      if (this.anyRedaction) for (const sql of applyRedactionsSql(this.schema)) await this.run(sql);
      if (fresh.length > 0) await this.recordDeliveries(fresh);
      await this.run('COMMIT');
      result.committed = fresh.length;
      result.changed = [...changed];
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Flags every row (and its children) whose deletion a webhook reported; idempotent. */
  private async applyDeletions(changed: Set<RawTableName>): Promise<void> {
    for (const table of ['orders', 'customers', 'products'] as const) {
      // Only tables this batch wrote can have gained a row (or child) of a deleted record.
      if (!changed.has(table) && !RAW_TABLES.some((t) => t.parent === table && changed.has(t.name))) continue;
      const ids = `SELECT id FROM ${this.s}.${DELETIONS_TABLE} WHERE tbl = ${quoteString(table)}`;
      await this.run(`UPDATE ${this.s}.${quoteIdent(table)} SET is_deleted = true WHERE id IN (${ids}) AND NOT coalesce(is_deleted, false)`);
      for (const child of RAW_TABLES.filter((t) => t.parent === table)) {
        const fk = foreignKeyTo(table);
        await this.run(`UPDATE ${this.s}.${quoteIdent(child.name)} SET is_deleted = true WHERE ${fk} IN (${ids}) AND NOT coalesce(is_deleted, false)`);
        if (changed.has(table)) changed.add(child.name);
      }
    }
  }

  private async recordDeliveries(fresh: { delivery: Delivery; action: Action }[]): Promise<void> {
    const file = await tempFile('.deliveries.jsonl');
    const lines = fresh.map(({ delivery: d, action }) => ({
      dedup_key: d.key, webhook_id: d.webhookId, event_id: d.eventId ?? null, topic: d.topic,
      resource_id: action.kind === 'upsert' ? action.resource : action.kind === 'delete' ? action.id : null,
      triggered_at: d.triggeredAt ?? null, received_at: d.receivedAt,
      outcome: action.kind === 'ignore' ? `ignored: ${action.reason}` : action.kind,
    }));
    try {
      await fs.writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      await this.run(`INSERT INTO ${this.s}.${DELIVERIES_TABLE}
        SELECT dedup_key, webhook_id, event_id, topic, resource_id, CAST(triggered_at AS TIMESTAMPTZ), CAST(received_at AS TIMESTAMPTZ), now(), outcome
        FROM read_json(${quoteString(file)}, format = 'newline_delimited', columns = {dedup_key: 'VARCHAR', webhook_id: 'VARCHAR', event_id: 'VARCHAR',
          topic: 'VARCHAR', resource_id: 'VARCHAR', triggered_at: 'VARCHAR', received_at: 'VARCHAR', outcome: 'VARCHAR'})
        ON CONFLICT DO NOTHING`);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  /** Newest version per root wins inside the batch (updatedAt, then Shopify's trigger time, then arrival). */
  private async landUpserts(items: { delivery: Delivery; action: Action }[]): Promise<RawTableName[]> {
    const newest = new Map<string, { root: Root; complete: string[]; rank: [string, string, number] }>();
    const loose: Root[] = [];
    items.forEach(({ delivery, action }, i) => {
      if (action.kind !== 'upsert') return;
      for (const root of action.roots) {
        const type = String(root.node['__typename']);
        if (!CLOCKED.has(type) || root.parentId) {
          loose.push(root);
          continue;
        }
        const id = String(root.node['id']);
        const rank: [string, string, number] = [String(root.node['updatedAt'] ?? ''), delivery.triggeredAt ?? '', i];
        const prev = newest.get(id);
        if (!prev || compareRank(rank, prev.rank) >= 0) newest.set(id, { root, complete: action.complete, rank });
      }
    });
    const lines: Json[] = [];
    for (const { root } of newest.values()) flattenNode(root.node, lines, root.parentId);
    for (const root of loose) flattenNode(root.node, lines, root.parentId);
    // A child table is replaced for staged parents only when every staged parent listed it completely.
    const complete = new Set<string>(RAW_TABLES.map((t) => t.name));
    for (const { root, complete: c } of newest.values()) {
      for (const t of RAW_TABLES) if (t.parent && rawTable(t.parent).name === tableOf(root.node) && !c.includes(t.name)) complete.delete(t.name);
    }
    const file = await tempFile('.webhooks.jsonl');
    await fs.writeFile(file, toJsonl(lines));
    try {
      for (const sql of stageLinesSql(file)) await this.run(sql);
      await this.run(routeLinesSql(this.schema, this.apiVersion, false));
      const counts = await this.rows<{ tbl: RawTableName; n: number }>(`SELECT tbl, count(*)::INTEGER AS n FROM _clv_routed GROUP BY tbl`);
      const staged: Partial<Record<RawTableName, number>> = Object.fromEntries(counts.map((r) => [r.tbl, r.n]));
      const children = RAW_TABLES.filter((table) => table.parent && staged[table.parent] && complete.has(table.name));
      for (const sql of dropOrphanedChildrenSql(this.schema, children)) await this.run(sql);
      for (const table of RAW_TABLES) if (staged[table.name]) for (const sql of mergeUpsertSql(this.schema, table)) await this.run(sql);
      // _clv_lines / _clv_routed are TEMP tables replaced by the next batch: no DROP per commit.
      return Object.keys(staged) as RawTableName[];
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    this.warehouse.release(this.session);
    await this.warehouse.close();
  }
}

function compareRank(a: [string, string, number], b: [string, string, number]): number {
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

function tableOf(node: Json): string {
  return { Order: 'orders', Customer: 'customers', Product: 'products' }[String(node['__typename'])] ?? '';
}
