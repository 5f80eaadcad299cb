// A synthetic, layered clv project for the compile benchmark: staging models over a few seeds, then layers
// of models each ref'ing 1–4 models of earlier layers, ~3 data tests per model in per-folder schema YAML,
// shared macros (one dispatched), and an is_incremental() block in every fifth model. Deterministic (seeded).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const LAYERS = ['staging', 'intermediate', 'marts', 'reporting'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function writeSyntheticProject(dir: string, models: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const rand = random(models);
  for (const folder of [...LAYERS.map((layer) => `models/${layer}`), 'macros', 'seeds']) await mkdir(path.join(dir, folder), { recursive: true });
  await writeFile(path.join(dir, 'project.yml'), `name: synthetic\nversion: "1.0.0"\nvars:\n  lookback_days: 3\nmodels:\n  staging:\n    +materialized: view\n  marts:\n    +materialized: table\n`);
  for (let s = 0; s < 5; s++) await writeFile(path.join(dir, 'seeds', `raw_${s}.csv`), 'id,amount,created_at\n1,10,2024-01-01\n');
  await writeFile(path.join(dir, 'macros', 'helpers.sql'), macros());
  const names: string[][] = LAYERS.map(() => []);
  const yaml: string[][] = LAYERS.map(() => []);
  for (let i = 0; i < models; i++) {
    const layer = i < Math.max(1, Math.floor(models * 0.2)) ? 0 : 1 + Math.floor(rand() * 3);
    const name = `${LAYERS[layer]!.slice(0, 3)}_model_${i}`;
    const upstream = layer === 0 ? [] : pickUpstream(names, layer, 1 + Math.floor(rand() * 4), rand);
    await writeFile(path.join(dir, 'models', LAYERS[layer]!, `${name}.sql`), modelSql(i, upstream));
    names[layer]!.push(name);
    yaml[layer]!.push(`  - name: ${name}\n    description: Synthetic model ${i}.\n    columns:\n      - name: id\n        tests: [unique, not_null]\n      - name: amount\n        tests:\n          - accepted_values:\n              values: [1, 2, 3]\n              quote: false\n`);
  }
  for (const [index, layer] of LAYERS.entries()) {
    await writeFile(path.join(dir, 'models', layer, 'schema.yml'), `version: 2\nmodels:\n${yaml[index]!.join('')}`);
  }
}

function pickUpstream(names: string[][], layer: number, count: number, rand: () => number): string[] {
  const pool = names.slice(0, layer).flat();
  const picked = new Set<string>();
  while (picked.size < Math.min(count, pool.length)) picked.add(pool[Math.floor(rand() * pool.length)]!);
  return [...picked];
}

function modelSql(i: number, upstream: string[]): string {
  const incremental = i % 5 === 0;
  const header = incremental ? `{{ config(materialized='incremental', unique_key='id') }}\n` : '';
  if (upstream.length === 0) {
    return `${header}select id, {{ cents_to_dollars('amount') }} as amount, created_at\nfrom {{ ref('raw_${i % 5}') }}\n${incrementalBlock(incremental)}`;
  }
  const ctes = upstream.map((name, k) => `u${k} as (\n    select * from {{ ref('${name}') }}\n)`).join(',\n');
  return `${header}with ${ctes}\n\nselect\n    u0.id,\n    {{ safe_add(['u0.amount', ${upstream.length > 1 ? "'u1.amount'" : "'0'"}]) }} as amount,\n    u0.created_at\nfrom u0\n${upstream.slice(1).map((_, k) => `left join u${k + 1} using (id)\n`).join('')}${incrementalBlock(incremental)}`;
}

function incrementalBlock(incremental: boolean): string {
  return incremental ? `{% if is_incremental() %}\nwhere created_at > (select max(created_at) - interval ({{ var('lookback_days') }}) day from {{ this }})\n{% endif %}\n` : '';
}

function macros(): string {
  const extra = Array.from({ length: 20 }, (_, k) => `{% macro helper_${k}(x) %}coalesce({{ x }}, ${k}){% endmacro %}\n`).join('');
  return `{% macro cents_to_dollars(column, scale=2) %}{{ return(adapter.dispatch('cents_to_dollars')(column, scale)) }}{% endmacro %}
{% macro default__cents_to_dollars(column, scale) %}round({{ column }} / 100, {{ scale }}){% endmacro %}
{% macro duckdb__cents_to_dollars(column, scale) %}cast({{ column }} / 100.0 as decimal(18, {{ scale }})){% endmacro %}
{% macro safe_add(fields) %}{% for field in fields %}coalesce({{ field }}, 0){% if not loop.last %} + {% endif %}{% endfor %}{% endmacro %}
${extra}`;
}
