// dbt analyses: SQL under analyses/ compiles like a model (ref, source, var, macros, config) into
// `analysis.<project>.<name>` nodes and target/compiled/<project>/analyses/…; ls lists them, selection picks
// them, run and build never execute them.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clv, query, readJson, repoRoot } from '../framework/helpers.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const copyProject = () => {
  dir = mkdtempSync(join(tmpdir(), 'clv-analyses-'));
  cpSync(join(repoRoot, 'tests/fixtures/analyses-project'), dir, { recursive: true });
  return dir;
};
const compiledAnalysis = (file: string) => readFileSync(join(dir, 'target/compiled/analyses_demo/analyses', file), 'utf8');

describe('analyses', () => {
  it('compile to target/compiled and manifest nodes with resource_type analysis', async () => {
    copyProject();
    const run = await clv(dir, ['compile']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Found 1 model, 3 analyses, 1 seed');
    expect(compiledAnalysis('big_orders.sql')).toContain('select id, cast(amount * 100 as integer) as amount_cents\nfrom "warehouse"."main"."orders"\nwhere amount > 10');
    expect(compiledAnalysis('finance/raw_totals.sql')).toContain('select sum(amount) as total from "warehouse"."main"."raw_orders"');

    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.nodes['analysis.analyses_demo.big_orders']).toMatchObject({
      resource_type: 'analysis',
      name: 'big_orders',
      original_file_path: 'analyses/big_orders.sql',
      fqn: ['analyses_demo', 'analysis', 'big_orders'],
      tags: ['adhoc'],
      depends_on: { nodes: ['model.analyses_demo.orders'], macros: ['macro.analyses_demo.cents'] },
      refs: [['orders']],
      vars_used: ['min_amount'],
    });
    expect(manifest.nodes['analysis.analyses_demo.raw_totals'].fqn).toEqual(['analyses_demo', 'analysis', 'finance', 'raw_totals']);
    expect(manifest.child_map['model.analyses_demo.orders']).toContain('analysis.analyses_demo.big_orders');
    // An analysis reading graph sees every node, analyses included, as in dbt.
    const inventory = [...compiledAnalysis('model_inventory.sql').matchAll(/select '(\w+)' as resource_type, '(\w+)' as name/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(inventory).toEqual(['analysis:big_orders', 'analysis:model_inventory', 'analysis:raw_totals', 'model:orders', 'seed:raw_orders']);
  });

  it('are never run: build and run leave them alone, even when selected with their parents', async () => {
    copyProject();
    const build = await clv(dir, ['build']);
    expect(build.out).toMatch(/Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2/);
    const run = await clv(dir, ['run', '--select', 'orders+', 'big_orders']);
    expect(run.out).toMatch(/Done\. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1/);
    const tables = await query(join(dir, 'warehouse.duckdb'), "select table_name from information_schema.tables order by 1");
    expect(tables.map((row) => row.table_name)).toEqual(['orders', 'raw_orders']);
  });

  it('are listed by ls and picked by --select, resource_type:analysis and --resource-type', async () => {
    copyProject();
    const listed = (await clv(dir, ['ls', '--select', 'resource_type:analysis'])).out.trim().split('\n').sort();
    expect(listed).toEqual(['analyses_demo.analysis.big_orders', 'analyses_demo.analysis.finance.raw_totals', 'analyses_demo.analysis.model_inventory']);
    const typed = (await clv(dir, ['ls', '--resource-type', 'analysis', '--output', 'name'])).out;
    expect(typed.trim().split('\n').filter((line) => !line.includes('Found')).sort()).toEqual(['big_orders', 'model_inventory', 'raw_totals']);
    const one = await clv(dir, ['compile', '--select', 'big_orders']);
    expect(one.out).toContain("Compiled node 'big_orders' is:");
    expect(one.out).toContain('where amount > 10');
    expect(existsSync(join(dir, 'target/compiled/analyses_demo/analyses/big_orders.sql'))).toBe(true);
  });

  it('a warm compile picks up an edited analysis and --vars; a wrong ref names the file', async () => {
    copyProject();
    expect((await clv(dir, ['compile'])).code).toBe(0);
    expect((await clv(dir, ['compile', '--vars', '{"min_amount": 15}'])).code).toBe(0);
    expect(compiledAnalysis('big_orders.sql')).toContain('where amount > 15');
    writeFileSync(join(dir, 'analyses/big_orders.sql'), "select * from {{ ref('order') }}\n");
    const broken = await clv(dir, ['compile']);
    expect(broken.code).not.toBe(0);
    expect(broken.out).toContain('analyses/big_orders.sql');
    expect(broken.out).toMatch(/ref\('order'\) does not match any model or seed/);
    expect(broken.out).toContain('orders');
  });
});
