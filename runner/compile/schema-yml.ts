// Schema YAML files (`version: 2` beside the models): validated, then indexed by the resource they describe.
import { ProjectError } from '../errors.js';
import { schemaYmlSchema } from '../project/schemas/schema-yml.js';
import { parseAndValidate, parseAndValidateLenient } from '../project/validate.js';
import type { ParsedYaml } from '../project/yaml.js';
import type { ProjectFile } from '../project/types.js';

export type Entry = Record<string, unknown>;

export interface Patch {
  entry: Entry;
  file: string;
  parsed: ParsedYaml;
  /** YAML path of the entry, for line lookups. */
  path: (string | number)[];
}

export interface SourcePatch extends Patch {
  source: Entry;
  sourcePath: (string | number)[];
}

export interface SchemaPatches {
  models: Map<string, Patch>;
  seeds: Map<string, Patch>;
  sources: SourcePatch[];
}

/**
 * `unknownKeys: 'warn'` is dbt's behaviour (a dbt project keeps parsing past a custom or misspelt key, with a
 * warning); a clv project (project.yml) fails on one, so a typo never silently drops a test.
 */
export function parseSchemaFiles(files: ProjectFile[], options: { unknownKeys?: 'error' | 'warn'; warnings?: string[] } = {}): SchemaPatches {
  const patches: SchemaPatches = { models: new Map(), seeds: new Map(), sources: [] };
  for (const file of files) {
    const parsed = options.unknownKeys === 'warn' ? lenient(file, options.warnings) : parseAndValidate(file.contents, file.path, schemaYmlSchema);
    const doc = parsed.value as Entry;
    // A snapshot is built like a model (runner/compile/snapshots.ts): its YAML entry patches it the same way.
    for (const kind of ['models', 'seeds', 'snapshots'] as const) {
      const into = patches[kind === 'snapshots' ? 'models' : kind];
      ((doc[kind] as Entry[] | null) ?? []).forEach((entry, index) => {
        const name = String(entry.name);
        const existing = into.get(name);
        if (existing) {
          throw new ProjectError(`${kind.slice(0, -1)} '${name}' is described twice: in ${existing.file} (line ${existing.parsed.lineOf(existing.path)}) and here`, {
            location: { file: file.path, line: parsed.lineOf([kind, index]) },
            hint: 'Keep one YAML entry per resource.',
          });
        }
        into.set(name, { entry, file: file.path, parsed, path: [kind, index] });
      });
    }
    ((doc.sources as Entry[] | null) ?? []).forEach((source, sourceIndex) => {
      ((source.tables as Entry[] | null) ?? []).forEach((table, tableIndex) => {
        patches.sources.push({ entry: table, source, file: file.path, parsed, path: ['sources', sourceIndex, 'tables', tableIndex], sourcePath: ['sources', sourceIndex] });
      });
    });
  }
  return patches;
}

function lenient(file: ProjectFile, warnings: string[] | undefined): ParsedYaml {
  const result = parseAndValidateLenient(file.contents, file.path, schemaYmlSchema);
  warnings?.push(...result.warnings);
  return result.parsed;
}

export function entryTests(entry: Entry): unknown[] {
  return [...((entry.tests as unknown[] | null) ?? []), ...((entry.data_tests as unknown[] | null) ?? [])];
}
