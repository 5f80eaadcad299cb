// Reads the CLV report's data from the marts at `docs generate` time. Each chart names the model it reads;
// a mart that is not built (or not in the project yet, like the predictive marts) becomes a "not built"
// panel, never an error. Columns of the predictive marts are found by name pattern because those marts
// are owned elsewhere; the patterns are listed per chart so a renamed column is a one-line fix.
import type { Row } from '../runner/adapters/adapter.js';
import type { DocsPageContext, RelationInfo } from '../runner/docs/types.js';
import { CHARTS, type ChartSpec } from './charts.js';

export type ChartStatus = 'ok' | 'missing' | 'empty' | 'unsupported';

export interface ChartData {
  id: string;
  title: string;
  model: string;
  modelId?: string;
  asOf?: string;
  status: ChartStatus;
  note?: string;
  rows: Record<string, string | number | null>[];
}

export interface ReportData {
  currency: string;
  asOf?: string;
  hasWarehouse: boolean;
  charts: ChartData[];
}

/** Plain JSON values: numbers as numbers, dates and everything else as text. */
function plainRow(row: Row): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(row)) {
    const k = key.toLowerCase();
    if (value === null || value === undefined) out[k] = null;
    else if (typeof value === 'number') out[k] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'bigint') out[k] = Number(value);
    else out[k] = String(value);
  }
  return out;
}

async function scalar(context: DocsPageContext, sql: string): Promise<string | undefined> {
  try {
    const rows = await context.query!(sql);
    const value = rows[0] && Object.values(rows[0])[0];
    return value === null || value === undefined ? undefined : String(value);
  } catch {
    return undefined;
  }
}

async function currencyOf(context: DocsPageContext): Promise<string> {
  const orders = context.relation('int_orders');
  if (orders?.exists && orders.columns.includes('shop_currency')) {
    const code = await scalar(context, `select shop_currency from ${orders.sql} where shop_currency is not null group by shop_currency order by count(*) desc limit 1`);
    if (code && /^[A-Z]{3}$/.test(code)) return code;
  }
  const fromVar = context.manifest.vars.shop_currency;
  return typeof fromVar === 'string' && /^[A-Z]{3}$/.test(fromVar) ? fromVar : 'USD';
}

async function asOfOf(context: DocsPageContext, relation: RelationInfo | undefined): Promise<string | undefined> {
  if (!relation?.exists || !relation.columns.includes('as_of_date')) return undefined;
  const value = await scalar(context, `select cast(max(as_of_date) as varchar) from ${relation.sql}`);
  return value?.slice(0, 10);
}

async function collectChart(context: DocsPageContext, spec: ChartSpec, storeAsOf: string | undefined): Promise<ChartData> {
  const relation = context.relation(spec.model);
  const base: ChartData = { id: spec.id, title: spec.title, model: spec.model, modelId: relation?.uniqueId, status: 'missing', rows: [] };
  if (!relation) return { ...base, note: `The project has no model '${spec.model}' yet.` };
  if (!context.query || !relation.exists) return { ...base, note: `'${spec.model}' is not built in the warehouse yet: run \`clv build\`.` };
  const sql = spec.sql(relation, context);
  if (typeof sql !== 'string') return { ...base, status: 'unsupported', note: sql.missing };
  try {
    const rows = (await context.query(sql)).map(plainRow);
    const asOf = (await asOfOf(context, relation)) ?? storeAsOf;
    return { ...base, asOf, status: rows.length ? 'ok' : 'empty', rows, note: rows.length ? undefined : `'${spec.model}' has no rows yet.` };
  } catch (error) {
    context.warn(`docs: report chart '${spec.id}' failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ...base, status: 'unsupported', note: `Could not read '${spec.model}': ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function collectReport(context: DocsPageContext): Promise<ReportData> {
  const hasWarehouse = context.query !== undefined;
  const currency = hasWarehouse ? await currencyOf(context) : 'USD';
  const storeAsOf = hasWarehouse ? ((await asOfOf(context, context.relation('customers'))) ?? (await asOfOf(context, context.relation('customer_rfm')))) : undefined;
  const charts: ChartData[] = [];
  for (const spec of CHARTS) charts.push(await collectChart(context, spec, storeAsOf));
  return { currency, asOf: storeAsOf, hasWarehouse, charts };
}
