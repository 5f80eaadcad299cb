// `clv source freshness`: compile, pick the selected sources that declare freshness, query each one's newest
// loaded_at and write target/sources.json in dbt's shape (sources/v3) so dbt-aware tooling reads it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileProject, planFor, type InvocationOptions } from '../api.js';
import type { SourceNode } from '../manifest.js';
import { checkFreshness, monitoredSources, type FreshnessResult } from './check.js';

export type { FreshnessResult } from './check.js';
export { criteriaOf, verdict } from './criteria.js';

export interface FreshnessOptions extends InvocationOptions {
  /** Where to write the artifact, relative to the project root; default <target-path>/sources.json (dbt's --output). */
  output?: string;
  now?: () => Date;
  onResult?: (result: FreshnessResult, source: SourceNode, index: number, total: number) => void;
}

export interface FreshnessRun {
  results: FreshnessResult[];
  /** No source is error-stale or failed to query. */
  success: boolean;
  artifactPath: string;
}

export function sourcesArtifact(results: FreshnessResult[], elapsed: number, invocationId?: string): Record<string, unknown> {
  return {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json', generated_at: new Date().toISOString(), invocation_id: invocationId },
    results,
    elapsed_time: elapsed,
  };
}

export async function sourceFreshness(options: FreshnessOptions = {}): Promise<FreshnessRun> {
  const t0 = performance.now();
  const compiled = await compileProject(options);
  const { project, adapter, manifest } = compiled;
  // No --select means every source (dbt's default for this command).
  const ids = options.select?.length || options.selector ? planFor(manifest, 'ls', options).selected : Object.keys(manifest.sources);
  const sources = monitoredSources(manifest, ids);
  const warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
  let results: FreshnessResult[];
  try {
    results = await checkFreshness(warehouse, sources, { now: options.now, onResult: (r, s, i) => options.onResult?.(r, s, i, sources.length) });
  } finally {
    await warehouse.close();
  }
  await compiled.written;
  const artifactPath = options.output ?? `${project.config.targetPath}/sources.json`;
  const file = path.resolve(project.root, artifactPath);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(sourcesArtifact(results, (performance.now() - t0) / 1000, manifest.metadata.invocation_id), null, 2));
  return { results, artifactPath, success: results.every((r) => r.status !== 'error' && r.status !== 'runtime error') };
}
