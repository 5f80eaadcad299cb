// Slim CI benchmark: on the 5,000-model synthetic project, change one macro (the DuckDB implementation of
// the dispatched cents_to_dollars, called by every staging model) and time what `--select state:modified`
// adds on top of compiling: reading the --state folder (the state_index.json clv writes beside
// manifest.json; manifest.json alone is timed apart, as a dbt-produced state would be read), per-macro
// text for manifest.macros, and the selection itself. Target: <= 0.5 s beyond compile. The selected set is checked against the models whose
// text calls the macro, so a fast wrong answer cannot pass.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../runner/compile/index.js';
import type { Manifest, RelationRef } from '../runner/manifest.js';
import { graphIndex } from '../runner/plan/graph.js';
import { selectNodes } from '../runner/plan/index.js';
import { loadProject } from '../runner/project/load.js';
import { withMacroSource } from '../runner/state/macros.js';
import { readState } from '../runner/state/read.js';
import { manifestArtifact } from '../runner/artifacts/manifestArtifact.js';
import { STATE_INDEX_FILE, stateIndexText } from '../runner/artifacts/stateIndex.js';
import { writeSyntheticProject } from './synthetic-project.js';
import { projectLineage } from '../runner/lineage/analyze.js';
import { lineageCache } from '../runner/lineage/cache.js';
import { projectLineageAsync } from '../runner/lineage/parallel.js';
import { isDeepStrictEqual } from 'node:util';
import { knownColumns } from '../runner/lineage/known.js';

const MODELS = Number(process.env.BENCH_FRAMEWORK_MODELS ?? 5000);
const LINEAGE_SAMPLE = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
// bench/ when run from source (tsx), dist/bench/ when run by `npm run bench`: the work folder is the repo's.
const repoRoot = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
const workRoot = path.join(repoRoot, 'bench', 'work');

const dialect = {
  name: 'duckdb',
  renderRelation: (r: RelationRef) => [r.database, r.schema, r.identifier].filter(Boolean).map((part) => `"${part}"`).join('.'),
};

async function compileDir(dir: string): Promise<{ manifest: Manifest; compileMs: number; macroMs: number }> {
  const started = performance.now();
  const project = await loadProject(dir, { env: {} });
  const { manifest } = compile(project, { dialect, generatedAt: new Date().toISOString() });
  const compiled = performance.now();
  const withMacros = withMacroSource(manifest, project.files);
  return { manifest: withMacros, compileMs: compiled - started, macroMs: performance.now() - compiled };
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const dir = path.join(workRoot, `framework-${MODELS}`);
  const stateDir = path.join(workRoot, `framework-${MODELS}-state`);
  await writeSyntheticProject(dir, MODELS);
  await mkdir(stateDir, { recursive: true });
  // Production's manifest goes to disk and out of memory, as in CI where it comes from another machine:
  // manifest.json and the state_index.json clv writes beside it, as writeCompileArtifacts does.
  {
    const production = (await compileDir(dir)).manifest;
    const manifestJson = JSON.stringify(manifestArtifact(production));
    await writeFile(path.join(stateDir, 'manifest.json'), manifestJson);
    await writeFile(path.join(stateDir, STATE_INDEX_FILE), stateIndexText(production, manifestJson));
  }

  const macros = path.join(dir, 'macros', 'helpers.sql');
  const text = await readFile(macros, 'utf8');
  await writeFile(macros, text.replace('as decimal(18, {{ scale }})', 'as decimal(19, {{ scale }})'));
  const pr = await compileDir(dir);

  // The DAG index is built by every selection and plan, with or without --state: timed apart.
  const indexStarted = performance.now();
  graphIndex(pr.manifest);
  const indexMs = performance.now() - indexStarted;
  const cpuStarted = process.cpuUsage();
  const readStarted = performance.now();
  const previous = await readState(stateDir);
  const readMs = performance.now() - readStarted;
  const selectStarted = performance.now();
  const modified = selectNodes(pr.manifest, { select: ['state:modified'], state: previous, indirectSelection: 'empty' });
  const selectMs = performance.now() - selectStarted;
  const cpu = process.cpuUsage(cpuStarted);
  // A state folder with manifest.json alone (dbt-produced, or copied without the index): the fallback.
  const fallbackDir = path.join(workRoot, `framework-${MODELS}-state-manifest-only`);
  await mkdir(fallbackDir, { recursive: true });
  await writeFile(path.join(fallbackDir, 'manifest.json'), await readFile(path.join(stateDir, 'manifest.json')));
  const fallbackStarted = performance.now();
  await readState(fallbackDir);
  const fallbackMs = performance.now() - fallbackStarted;
  const downstreamStarted = performance.now();
  const downstream = selectNodes(pr.manifest, { select: ['state:modified+'], state: previous });
  const downstreamMs = performance.now() - downstreamStarted;

  // clv lineage: column lineage of the whole project (BENCH_FRAMEWORK_LINEAGE=0 skips it, to repeat the state row alone).
  const lineageRow = process.env.BENCH_FRAMEWORK_LINEAGE === '0' ? undefined : await lineageBench(pr.manifest, dir);

  const expected = Object.values(pr.manifest.nodes).filter((n) => n.resource_type === 'model' && n.raw_code.includes('cents_to_dollars')).map((n) => n.unique_id);
  const exact = expected.length === modified.size && expected.every((id) => modified.has(id));
  const beyond = readMs + pr.macroMs + selectMs;
  return {
    name: 'framework: state:modified after one macro change',
    rows: [
      {
        models: MODELS,
        'compile ms (not counted)': Math.round(pr.compileMs),
        'read --state (state_index.json) ms': Math.round(readMs),
        'read --state (manifest.json alone) ms, not counted': Math.round(fallbackMs),
        'per-macro text ms': Math.round(pr.macroMs),
        'DAG index ms (any selection; not counted)': Math.round(indexMs),
        'state:modified select ms': Math.round(selectMs),
        'beyond compile ms': Math.round(beyond),
        'target ms': 500,
        'read + select CPU ms': Math.round((cpu.user + cpu.system) / 1000),
        'state:modified+ select ms': Math.round(downstreamMs),
        modified: modified.size,
        'modified+ (with tests)': downstream.size,
        'exactly the macro users': exact ? 'yes' : `NO (expected ${expected.length})`,
      },
      ...(lineageRow ? [lineageRow] : []),
    ],
  };
}

/** Column lineage of every model (what `clv lineage` does after compiling): time, CPU and memory, cold (2
 * worker threads, empty cache) and warm (the cache the cold run filled: a second `clv lineage` with no
 * edit), plus the sequential single-thread tracer on a sample, for the per-model baseline in the same run.
 * Checked: the parallel answer equals the sequential one on the sample; every model traced. */
async function lineageBench(manifest: Manifest, dir: string): Promise<Record<string, string | number>> {
  const known = await knownColumns(manifest, dir, 'target');
  const sampleIds = new Set(Object.keys(manifest.nodes).filter((id) => id.startsWith('model.')).slice(0, LINEAGE_SAMPLE));
  const timed = async <T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const value = await work();
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  const sequential = await timed(() => projectLineage(manifest, { dialect: 'duckdb', known, only: sampleIds }));
  const sampleParallel = await projectLineageAsync(manifest, { dialect: 'duckdb', known, only: sampleIds, threads: 2 });
  const rssBefore = process.memoryUsage().rss;
  const cache = lineageCache();
  const cold = await timed(() => projectLineageAsync(manifest, { dialect: 'duckdb', known, threads: 2, cache }));
  const rssAfter = process.memoryUsage().rss;
  const warm = await timed(() => projectLineageAsync(manifest, { dialect: 'duckdb', known, threads: 2, cache: lineageCache(cache.used()) }));
  const models = Object.values(cold.value);
  const columns = models.reduce((n, m) => n + m.columns.length, 0);
  const unresolved = models.reduce((n, m) => n + Object.keys(m.unresolved).length, 0);
  const perModel = (ms: number, n: number) => Number((ms / Math.max(1, n)).toFixed(2));
  return {
    models: models.length,
    'column lineage cold ms (2 threads)': Math.round(cold.ms),
    'cold CPU ms (all threads)': Math.round(cold.cpuMs),
    'cold ms per model': perModel(cold.ms, models.length),
    [`sequential ms per model (${sampleIds.size}-model sample, baseline)`]: perModel(sequential.ms, sampleIds.size),
    'sequential CPU ms per model': perModel(sequential.cpuMs, sampleIds.size),
    'warm ms (lineage_cache hit)': Math.round(warm.ms),
    'parallel = sequential on sample': isDeepStrictEqual(sampleParallel, sequential.value) ? 'yes' : 'NO',
    'columns traced': columns,
    'columns unresolved': unresolved,
    'RSS growth MB (cold)': Math.round((rssAfter - rssBefore) / 1048576),
    'RSS MB after lineage': Math.round(process.memoryUsage().rss / 1048576),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
