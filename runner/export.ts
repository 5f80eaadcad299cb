// `clv export <model> --format csv|parquet --out PATH`: write a built relation to a file with the
// engine's own writer (DuckDB COPY … TO; never a hand-written CSV/Parquet encoder), for spreadsheets and
// downstream tools. Generic: it knows relations and formats, nothing about what the model means.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import type { Dialect } from './adapters/adapter.js';
import { compileProject } from './api.js';
import { UsageError } from './errors.js';
import type { Manifest, RelationRef } from './manifest.js';
import { didYouMean } from './project/closest.js';
import { loggerOf } from './cli/context.js';
import { withProject, type CommonArgs } from './cli/options.js';
import { parseVars } from './cli/vars.js';

export type ExportFormat = 'csv' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet'];

/** A dialect may spell the export itself (Snowflake: COPY INTO a stage, then GET). Optional so the shared
 * Dialect contract is unchanged; engines without it get DuckDB's `COPY (query) TO 'file'` spelling. */
type ExportingDialect = Dialect & {
  exportQuery?(selectSql: string, format: ExportFormat, absolutePath: string): string;
};

const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The statement that writes `select * from relation` to `absolutePath`. Pure. */
export function exportSql(dialect: Dialect, relation: RelationRef, format: ExportFormat, absolutePath: string): string {
  const selectSql = `select * from ${dialect.renderRelation(relation)}`;
  const custom = (dialect as ExportingDialect).exportQuery;
  if (custom) return custom(selectSql, format, absolutePath);
  if (dialect.name !== 'duckdb') {
    throw new UsageError(`clv export is not available for '${dialect.name}' targets yet`, {
      hint: 'Export from a DuckDB target, or unload with COPY INTO @stage in Snowflake.',
    });
  }
  const options = format === 'csv' ? '(format csv, header true)' : '(format parquet, compression zstd)';
  return `copy (${selectSql}) to ${quoteLiteral(absolutePath)} ${options}`;
}

/** Find a model or seed by name (or unique id) in the manifest; teach the closest name when missing. */
export function exportableRelation(manifest: Manifest, name: string): RelationRef {
  const nodes = Object.values(manifest.nodes).filter((n) => n.resource_type === 'model' || n.resource_type === 'seed');
  const node = nodes.find((n) => n.name === name || n.unique_id === name);
  if (!node || !('relation' in node)) {
    const hint = didYouMean(name, nodes.map((n) => n.name));
    throw new UsageError(`no model or seed named '${name}'`, { hint: hint || 'Run `clv ls --resource-type model` to list models.' });
  }
  return node.relation;
}

export interface ExportOptions {
  projectDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  model: string;
  format: ExportFormat;
  out: string;
}

/** Compile (no build), locate the relation and let the warehouse write the file. Returns the file path. */
export async function exportModel(options: ExportOptions): Promise<{ path: string; rows?: number }> {
  const { project, adapter, manifest } = await compileProject({ projectDir: options.projectDir, target: options.target, vars: options.vars });
  const relation = exportableRelation(manifest, options.model);
  const absolutePath = path.resolve(process.cwd(), options.out);
  await mkdir(path.dirname(absolutePath), { recursive: true });
  const warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
  try {
    const connection = await warehouse.acquire();
    try {
      const result = await connection.execute(exportSql(warehouse.dialect, relation, options.format, absolutePath));
      return { path: absolutePath, rows: result.rowsAffected };
    } finally {
      warehouse.release(connection);
    }
  } finally {
    await warehouse.close();
  }
}

interface ExportArgs extends CommonArgs {
  model: string;
  format: ExportFormat;
  out: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <model>',
  describe: 'Write a built model or seed to a CSV or Parquet file with the warehouse’s own writer',
  builder: (y) =>
    withProject(y)
      .positional('model', { type: 'string', describe: 'Model or seed name', demandOption: true })
      .option('format', { type: 'string', choices: EXPORT_FORMATS, default: 'csv', describe: 'File format' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output file path' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const written = await exportModel({
      projectDir: argv.projectDir,
      target: argv.target,
      vars: parseVars(argv.vars),
      model: argv.model,
      format: argv.format,
      out: argv.out,
    });
    logger.info(`Exported ${argv.model} to ${written.path}${written.rows !== undefined ? ` (${written.rows} rows)` : ''}`);
  },
};
