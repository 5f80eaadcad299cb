// The emitter on the compiled fixture project, driven with executor events directly: what a broken-off
// invocation leaves, and how datasets are named per engine.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../runner/api.js';
import { openLineageEmitter } from '../../runner/lineage/emitter.js';
import { openLineageConfig } from '../../runner/lineage/openlineage-config.js';
import { datasetNamespace, relationNaming } from '../../runner/lineage/openlineage-datasets.js';
import { repoRoot } from '../framework/helpers.js';

describe('openLineageEmitter', () => {
  it('ABORTs the node runs and the invocation the executor never finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clv-openlineage-emitter-'));
    cpSync(join(repoRoot, 'tests/fixtures/lineage/openlineage'), dir, { recursive: true });
    const { manifest, project } = await compile({ projectDir: dir });
    const file = join(dir, 'events.ndjson');
    const emitter = openLineageEmitter(openLineageConfig({ openlineageFile: file }, {})!, { manifest, command: 'run', projectRoot: dir, target: project.target });
    const node = manifest.nodes['model.ol_shop.customer_totals']!;
    emitter.onEvent({ type: 'run_start', total: 1, threads: 1, target: 'dev' });
    emitter.onEvent({ type: 'node_start', index: 1, total: 1, node, threadId: 'Thread-1' });
    expect(await emitter.close()).toEqual([]);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => `${e.eventType} ${e.job.name}`)).toEqual([
      'START clv-run-ol_shop', 'START model.ol_shop.customer_totals', 'ABORT model.ol_shop.customer_totals', 'ABORT clv-run-ol_shop',
    ]);
    expect(events[2].run.runId).toBe(events[1].run.runId);
  });
});

describe('datasetNamespace', () => {
  it('follows the OpenLineage naming of each engine\'s datasource', () => {
    expect(datasetNamespace({ type: 'duckdb', path: 'warehouse.duckdb' }, '/repo')).toBe('duckdb:///repo/warehouse.duckdb');
    expect(datasetNamespace({ type: 'snowflake', account: 'MyOrg-Analytics' }, '/repo')).toBe('snowflake://myorg-analytics');
    expect(datasetNamespace({ type: 'snowflake' }, '/repo', { SNOWFLAKE_ACCOUNT: 'acme-prod' })).toBe('snowflake://acme-prod');
    expect(datasetNamespace({ type: 'postgres', host: 'db.internal' }, '/repo')).toBe('postgres://db.internal');
  });

  it('names relations as the engine stores them: Snowflake upper-cases unquoted names, DuckDB keeps them', () => {
    const relation = { database: 'analytics', schema: 'marts', identifier: 'customer_ltv' };
    expect(relationNaming('snowflake')(relation)).toBe('ANALYTICS.MARTS.CUSTOMER_LTV');
    expect(relationNaming('snowflake')({ ...relation, identifier: 'Odd Name' })).toBe('ANALYTICS.MARTS.Odd Name');
    expect(relationNaming('duckdb')(relation)).toBe('analytics.marts.customer_ltv');
  });
});
