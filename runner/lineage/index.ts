// Column-level lineage: compile, learn the known columns (seed headers, catalog.json, YAML), trace every SQL
// model's compiled SQL (worker threads; unchanged models from target/lineage_cache.json), store the result
// in target/manifest.json, optionally emit OpenLineage events.
import { compile, type CompiledProject, type InvocationOptions } from '../api.js';
import { UsageError } from '../errors.js';
import type { Manifest, ModelNode } from '../manifest.js';
import type { Plan } from '../plan/index.js';
import { didYouMean } from '../project/closest.js';
import { join } from 'node:path';
import { readLineageCache, writeLineageCache } from './cache.js';
import { projectLineageAsync } from './parallel.js';
import { knownColumns } from './known.js';
import { openLineageEvents, writeOpenLineage } from './openlineage.js';
import { withColumnLineage, writeManifest } from './store.js';
import { writeRunLineage } from './run-lineage.js';
import type { ProjectLineage } from './types.js';

export type { KnownColumns, ModelLineage, ProjectLineage } from './types.js';
export { projectLineage, modelLineage } from './analyze.js';
export { projectLineageAsync } from './parallel.js';
export { downstreamIndex, downstreamTree, renderTree, upstreamTree, type PathTree } from './paths.js';
export { lineageOf, withColumnLineage } from './store.js';

export interface LineageOptions extends InvocationOptions {
  /** Write OpenLineage RunEvents (one JSON per line) with the columnLineage facet to this file. */
  openLineageFile?: string;
}

export interface LineageResult extends CompiledProject {
  /** The manifest with `column_lineage` on every SQL model (as written to target/manifest.json). */
  manifest: Manifest;
  lineage: ProjectLineage;
  plan: Plan;
}

/** The parser dialect of an adapter type (they share names for the engines clv supports). */
const parserDialect = (adapterType: string): string => adapterType;

export async function columnLineage(options: LineageOptions = {}): Promise<LineageResult> {
  const compiled = await compile(options);
  const { project, manifest } = compiled;
  const dialect = parserDialect(compiled.adapter.type);
  const known = await knownColumns(manifest, project.root, project.config.targetPath);
  const targetDir = join(project.root, project.config.targetPath);
  const cache = await readLineageCache(targetDir);
  const lineage = await projectLineageAsync(manifest, { dialect, known, cache });
  await writeLineageCache(targetDir, cache);
  const withLineage = withColumnLineage(manifest, lineage);
  await writeManifest(project.root, project.config.targetPath, withLineage);
  await writeRunLineage(targetDir, manifest, lineage); // what later runs' OpenLineage events reuse
  if (options.openLineageFile) {
    const namespace = process.env.OPENLINEAGE_NAMESPACE?.trim() || undefined;
    await writeOpenLineage(options.openLineageFile, openLineageEvents(manifest, lineage, { projectRoot: project.root, target: project.target, namespace, eventTime: new Date().toISOString() }));
  }
  return { ...compiled, manifest: withLineage, lineage };
}

/** '<model>.<column>' (model by name or unique_id) -> the column path '<unique_id>.<column>'. */
export function resolveColumnPath(manifest: Manifest, lineage: ProjectLineage, arg: string): string {
  const dot = arg.lastIndexOf('.');
  if (dot <= 0) throw new UsageError(`'${arg}' is not <model>.<column>`, { hint: 'e.g. clv lineage customers.lifetime_value' });
  const [modelArg, columnArg] = [arg.slice(0, dot), arg.slice(dot + 1)];
  const models = Object.values(manifest.nodes).filter((n): n is ModelNode => n.resource_type === 'model');
  const model = models.find((m) => m.unique_id === modelArg) ?? models.find((m) => m.name === modelArg);
  if (!model) throw new UsageError(`No model named '${modelArg}'.`, { hint: didYouMean(modelArg, models.map((m) => m.name)) ?? 'List models with `clv ls --resource-type model`.' });
  const columns = lineage[model.unique_id]?.columns ?? [];
  const column = columns.find((c) => c.toLowerCase() === columnArg.toLowerCase());
  if (!column) {
    const reason = lineage[model.unique_id]?.unresolved['*'];
    throw new UsageError(`Model '${model.name}' has no column '${columnArg}'${reason ? ` (its lineage is unresolved: ${reason})` : ''}.`, {
      hint: didYouMean(columnArg, columns) ?? (columns.length ? `Its columns: ${columns.join(', ')}` : undefined),
    });
  }
  return `${model.unique_id}.${column}`;
}
