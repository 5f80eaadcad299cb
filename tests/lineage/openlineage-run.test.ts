// `clv build` / `clv run` emitting OpenLineage RunEvents: over HTTP to a loopback server standing in for a
// catalog (Marquez, DataHub...), and to a JSON lines file.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clv, repoRoot } from '../framework/helpers.js';

interface Posted { url: string; headers: IncomingHttpHeaders; event: any }

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clv-openlineage-'));
  cpSync(join(repoRoot, 'tests/fixtures/lineage/openlineage'), dir, { recursive: true });
  return dir;
}

/** A catalog on 127.0.0.1 recording every POST. */
async function catalog(): Promise<{ url: string; posts: Posted[]; close: () => Promise<void> }> {
  const posts: Posted[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      posts.push({ url: req.url ?? '', headers: req.headers, event: JSON.parse(body) });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, posts, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

const SECRET = 'ol-secret-key-4f1c9b';
const saved = { ...process.env };
afterEach(() => {
  for (const key of ['OPENLINEAGE_URL', 'OPENLINEAGE_API_KEY', 'OPENLINEAGE_NAMESPACE', 'OPENLINEAGE_ENDPOINT']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const byJob = (events: any[], name: string) => events.filter((e) => e.job.name === name);

describe('OpenLineage events of a build', () => {
  it('POSTs START + COMPLETE/FAIL per model and seed with datasets, facets and the parent run; the key stays out of logs and artifacts', async () => {
    const dir = copyProject();
    const server = await catalog();
    process.env.OPENLINEAGE_URL = server.url;
    process.env.OPENLINEAGE_API_KEY = SECRET;
    process.env.OPENLINEAGE_NAMESPACE = 'ci';
    try {
      const { code, out } = await clv(dir, ['build']);
      expect(code).toBe(1); // app_events fails
      const events = server.posts.map((p) => p.event);
      expect(server.posts.every((p) => p.url === '/api/v1/lineage')).toBe(true);
      expect(server.posts.every((p) => p.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
      expect(out).not.toContain(SECRET);
      for (const file of allFiles(join(dir, 'target'))) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);

      const namespace = `duckdb://${join(dir, 'openlineage.duckdb')}`;
      const [parentStart, parentEnd] = byJob(events, 'clv-build-ol_shop');
      expect(parentStart).toMatchObject({ eventType: 'START', job: { namespace: 'ci' } });
      expect(parentEnd).toMatchObject({ eventType: 'FAIL', run: { runId: parentStart.run.runId, facets: { errorMessage: { message: '1 node failed' } } } });
      const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
      expect(parentStart.run.runId).toBe(runResults.metadata.invocation_id);

      for (const job of ['seed.ol_shop.raw_orders', 'model.ol_shop.stg_orders', 'model.ol_shop.customer_totals']) {
        const [start, end, ...more] = byJob(events, job);
        expect(more).toEqual([]);
        expect(start.eventType).toBe('START');
        expect(end.eventType).toBe('COMPLETE');
        expect(end.run.runId).toBe(start.run.runId);
        expect(start.run.runId).not.toBe(parentStart.run.runId);
        expect(end.run.facets.parent).toMatchObject({ job: { namespace: 'ci', name: 'clv-build-ol_shop' }, run: { runId: parentStart.run.runId } });
        expect(end).toMatchObject({ producer: expect.any(String), schemaURL: expect.stringContaining('OpenLineage.json'), job: { namespace: 'ci' } });
        expect(Date.parse(end.eventTime)).toBeGreaterThanOrEqual(Date.parse(start.eventTime));
      }
      const totals = byJob(events, 'model.ol_shop.customer_totals')[1];
      expect(totals.inputs).toEqual([expect.objectContaining({ namespace, name: 'openlineage.main.stg_orders' })]);
      expect(totals.outputs[0]).toMatchObject({ namespace, name: 'openlineage.main.customer_totals' });
      expect(totals.outputs[0].facets.schema.fields).toEqual([
        { name: 'customer_id', type: 'integer' }, { name: 'revenue', type: 'decimal(18,2)' }, { name: 'order_count', type: 'bigint' },
      ]);
      expect(totals.outputs[0].facets.columnLineage).toBeUndefined(); // no lineage traced yet: no facet, not a guess
      const seed = byJob(events, 'seed.ol_shop.raw_orders')[1];
      expect(seed.inputs).toEqual([{ namespace: 'file', name: join(dir, 'seeds/raw_orders.csv') }]);
      expect(seed.outputs[0].outputFacets.outputStatistics.rowCount).toBe(3);

      const [failStart, fail] = byJob(events, 'model.ol_shop.app_events');
      expect(failStart.eventType).toBe('START');
      expect(fail).toMatchObject({ eventType: 'FAIL', run: { runId: failStart.run.runId } });
      expect(fail.run.facets.errorMessage.message).toMatch(/events/);
      expect(fail.inputs).toEqual([expect.objectContaining({ namespace, name: 'openlineage.app.events' })]);
      expect(byJob(events, 'model.ol_shop.daily_events')).toEqual([]); // skipped: never ran
      expect(events.filter((e) => e.job.name.startsWith('test.'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('writes the same events to --openlineage-file, with columnLineage once `clv compile --lineage` traced it', async () => {
    const dir = copyProject();
    expect((await clv(dir, ['compile', '--lineage'])).code).toBe(0);
    const file = join(dir, 'lineage', 'events.ndjson');
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const { code, out } = await clv(dir, ['run', '--exclude', 'app_events+', '--openlineage-file', file]);
    expect(out).not.toContain('OpenLineage');
    expect(code).toBe(0);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => `${e.eventType} ${e.job.name}`).sort()).toEqual([
      'COMPLETE clv-run-ol_shop', 'COMPLETE model.ol_shop.customer_totals', 'COMPLETE model.ol_shop.stg_orders',
      'START clv-run-ol_shop', 'START model.ol_shop.customer_totals', 'START model.ol_shop.stg_orders',
    ]);
    expect(events[0].job.namespace).toBe('ol_shop'); // default job namespace: the project
    const totals = events.find((e) => e.job.name === 'model.ol_shop.customer_totals' && e.eventType === 'COMPLETE');
    expect(totals.outputs[0].facets.columnLineage.fields.revenue.inputFields).toEqual([
      { namespace: `duckdb://${join(dir, 'openlineage.duckdb')}`, name: 'openlineage.main.stg_orders', field: 'amount' },
    ]);

    // An edited model's old lineage is stale: its events go without the facet rather than with a wrong one.
    const model = join(dir, 'models/customer_totals.sql');
    cpSync(model, `${model}.bak`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(model, readFileSync(model, 'utf8').replace('sum(amount)', 'sum(amount) * 2'));
    expect((await clv(dir, ['run', '--select', 'customer_totals', '--openlineage-file', file])).code).toBe(0);
    const appended = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(appended.length).toBe(events.length + 4); // appended, not overwritten
    expect(appended.at(-2).outputs[0].facets.columnLineage).toBeUndefined();
  });

  it('an unreachable endpoint costs one warning line and the build still exits 0', async () => {
    const dir = copyProject();
    const server = await catalog();
    await server.close(); // nothing listens on this port any more
    process.env.OPENLINEAGE_API_KEY = SECRET;
    const { code, out } = await clv(dir, ['build', '--exclude', 'app_events+', '--openlineage-url', server.url]);
    expect(code).toBe(0);
    const warnings = out.split('\n').filter((line) => line.includes('OpenLineage'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/events were not delivered to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage/);
    expect(out).not.toContain(SECRET);
  });
});
