// The CLV report's charts: which mart each reads and the (portable, DuckDB + Snowflake) SQL that shapes
// its data. Aggregation happens in the warehouse so the page embeds hundreds of rows, not every customer.
import type { DocsPageContext, RelationInfo } from '../runner/docs/types.js';

export interface ChartSpec {
  id: string;
  title: string;
  model: string;
  /** SQL, or what is missing when the mart lacks the columns the chart needs. */
  sql(relation: RelationInfo, context: DocsPageContext): string | { missing: string };
}

/** First column matching any pattern, in pattern order. */
export function pick(columns: string[], ...patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const found = columns.find((c) => pattern.test(c));
    if (found) return found;
  }
  return undefined;
}

function need(relation: RelationInfo, wanted: Record<string, RegExp[]>): { columns: Record<string, string> } | { missing: string } {
  const out: Record<string, string> = {};
  const absent: string[] = [];
  for (const [role, patterns] of Object.entries(wanted)) {
    const column = pick(relation.columns, ...patterns);
    if (column) out[role] = column;
    else absent.push(`${role} (${patterns.map((p) => p.source).join(' | ')})`);
  }
  return absent.length ? { missing: `'${relation.sql}' has no column for ${absent.join(', ')}.` } : { columns: out };
}

const num = (column: string) => `cast(${column} as double)`;

export const CHARTS: ChartSpec[] = [
  {
    id: 'cohort_retention',
    title: 'Cohort retention',
    model: 'cohort_retention',
    sql: (r) => `select cast(cohort_month as varchar) as cohort, months_since_first_order as month, ${num('retention_rate')} as rate, cohort_size as customers
from ${r.sql} order by cohort, month`,
  },
  {
    id: 'cohort_revenue',
    title: 'Cumulative net revenue per customer by cohort',
    model: 'cohort_retention',
    sql: (r) => `select cast(cohort_month as varchar) as cohort, months_since_first_order as month, ${num('cumulative_net_revenue_per_customer')} as value, cohort_size as customers
from ${r.sql} order by cohort, month`,
  },
  {
    id: 'rfm_segments',
    title: 'RFM segments: customers and value',
    model: 'customer_rfm',
    sql: (r) => `select segment, count(*) as customers, ${num('sum(monetary_shop_amount)')} as value
from ${r.sql} group by segment order by value desc`,
  },
  {
    id: 'fr_matrix',
    title: 'Frequency × recency: expected purchases and P(alive)',
    model: 'customer_clv',
    sql: (r) => {
      const found = need(r, {
        frequency: [/^frequency$/, /^frequency_/],
        recency: [/^recency$/, /^recency_/, /^t_x$/],
        expected: [/^expected_purchases_90/, /^expected_purchases/, /^predicted_purchases/],
        alive: [/^p_alive$/, /alive/],
      });
      if ('missing' in found) return found;
      const c = found.columns;
      return `with bounds as (select max(${num(c.recency!)}) as top from ${r.sql})
select least(cast(${c.frequency} as integer), 20) as frequency,
  cast(floor(${num(c.recency!)} * 9.999 / nullif(bounds.top, 0)) as integer) as recency_bin,
  max(bounds.top) as recency_max,
  avg(${num(c.expected!)}) as expected, avg(${num(c.alive!)}) as alive, count(*) as customers
from ${r.sql}, bounds group by 1, 2 order by 1, 2`;
    },
  },
  {
    id: 'calibration',
    title: 'Holdout calibration: actual vs predicted purchases by past frequency',
    model: 'clv_calibration',
    // The model's rows only (the past-rate baseline's rows share the actuals); one point per bucket 0…7+.
    sql: (r) => `select frequency_bucket as frequency, frequency_label as label, method, customers,
  ${num('actual_purchases_mean')} as actual, ${num('predicted_purchases_mean')} as predicted, holdout_weeks
from ${r.sql} where method <> 'past_rate' order by frequency_bucket`,
  },
  {
    id: 'revenue_forecast',
    title: 'Revenue forecast with prediction interval',
    model: 'revenue_forecast',
    sql: (r) => {
      const found = need(r, {
        period: [/^period_start$/, /^forecast_date$/, /^week_start/, /^month_start/, /^period/, /date$/],
        forecast: [/^forecast.*revenue/, /revenue.*forecast/, /^predicted.*revenue/, /^expected.*revenue/, /^forecast/],
        lower: [/lower/, /p10/, /_low$/],
        upper: [/upper/, /p90/, /_high$/],
      });
      if ('missing' in found) return found;
      const c = found.columns;
      const grain = pick(r.columns, /^period_grain$/, /grain/);
      const where = grain ? `where lower(cast(${grain} as varchar)) in ('week', 'weekly')` : '';
      const rows = `select cast(${c.period} as varchar) as period, ${num(c.forecast!)} as forecast, ${num(c.lower!)} as lower, ${num(c.upper!)} as upper from ${r.sql}`;
      // Weekly when the mart carries both grains; all rows otherwise.
      return grain ? `${rows} ${where} union all ${rows} where not exists (select 1 from ${r.sql} ${where}) order by period` : `${rows} order by period`;
    },
  },
  {
    id: 'forecast_history',
    title: 'Weekly net revenue (history for the forecast)',
    model: 'seasonality',
    sql: (r) => `select cast(period_start as varchar) as period, ${num('net_revenue_shop_amount')} as value
from ${r.sql} where period_grain = 'week' order by period_start desc limit 52`,
  },
  {
    id: 'churn_risk',
    title: 'Churn risk and revenue at risk',
    model: 'customer_churn_risk',
    sql: (r) => {
      const found = need(r, {
        probability: [/^churn_probability$/, /^p_churn/, /churn_prob/, /^churn_risk$/],
        atRisk: [/revenue_at_risk/, /at_risk/],
      });
      if ('missing' in found) return found;
      const c = found.columns;
      return `select least(cast(floor(${num(c.probability!)} * 10) as integer), 9) as bin, count(*) as customers, sum(${num(c.atRisk!)}) as at_risk
from ${r.sql} where ${c.probability} is not null group by 1 order by 1`;
    },
  },
  {
    id: 'top_products',
    title: 'Top products by customer value',
    model: 'product_performance',
    sql: (r) => `select product_title as product, ${num('sum(net_revenue_shop_amount)')} as revenue,
  ${num('sum(coalesce(average_later_net_revenue_shop_amount, 0) * first_order_customers) / nullif(sum(first_order_customers), 0)')} as later_value
from ${r.sql} group by product_title order by revenue desc limit 10`,
  },
  {
    id: 'top_channels',
    title: 'Acquisition channels by customer value',
    model: 'marketing_performance',
    sql: (r) => `select attribution_value as channel, new_customers, ${num('average_90_day_value_shop_amount')} as value_90_days, ${num('net_revenue_shop_amount')} as revenue
from ${r.sql} where attribution_dimension = 'channel' order by revenue desc limit 10`,
  },
];
