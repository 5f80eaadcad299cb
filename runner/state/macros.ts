// Per-macro text and macro→macro calls for manifest.macros. The compiler lists macros with the checksum of
// their whole file; state:modified needs each macro's own text (one edited macro in a file of ten must not
// mark the users of the other nine) and the macros it calls (a change to a macro reaches the nodes that
// call it through another macro). Pure: the project's files in, a new manifest out.
import { BUILTIN_MACROS, BUILTIN_MACROS_FILE } from '../compile/generic-tests/builtins.js';
import { GLOBAL_MACROS, GLOBAL_MACROS_FILE } from '../compile/global-macros.js';
import type { MacroInfo, Manifest } from '../manifest.js';
import type { ProjectFile } from '../project/types.js';

const BLOCK = /\{%-?\s*(macro|test)\s+([A-Za-z_]\w*)[\s\S]*?\{%-?\s*end(?:macro|test)\s*-?%\}/g;

/** manifest with `macro_sql` and `depends_on.macros` filled in for every macro found in its file. */
export function withMacroSource(manifest: Manifest, files: ProjectFile[]): Manifest {
  const texts = new Map(files.map((file) => [file.path, file.contents]));
  texts.set(BUILTIN_MACROS_FILE, BUILTIN_MACROS);
  texts.set(GLOBAL_MACROS_FILE, GLOBAL_MACROS);
  const blocks = new Map<string, Map<string, string>>();
  const blocksOf = (path: string): Map<string, string> => {
    let found = blocks.get(path);
    if (!found) {
      found = new Map();
      for (const m of (texts.get(path) ?? '').matchAll(BLOCK)) found.set(m[1] === 'test' ? `test_${m[2]}` : m[2]!, m[0]);
      blocks.set(path, found);
    }
    return found;
  };
  const byName = new Map<string, string>();
  for (const macro of Object.values(manifest.macros)) byName.set(macro.name, macro.unique_id);

  const macros: Record<string, MacroInfo> = {};
  for (const [id, macro] of Object.entries(manifest.macros)) {
    const sql = blocksOf(macro.original_file_path).get(macro.name);
    if (sql === undefined) {
      macros[id] = macro;
      continue;
    }
    macros[id] = { ...macro, macro_sql: sql, depends_on: { macros: calledMacros(sql, byName, id) } };
  }
  return { ...manifest, macros };
}

/** Names called as `name(` plus the candidates of `adapter.dispatch('name')` (any engine prefix). */
export function calledMacros(text: string, byName: Map<string, string>, self?: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const id = byName.get(m[1]!);
    if (id && id !== self) out.add(id);
  }
  for (const m of text.matchAll(/dispatch\(\s*['"]([A-Za-z_]\w*)['"]/g)) {
    for (const [name, id] of byName) if (name.endsWith(`__${m[1]}`) && id !== self) out.add(id);
  }
  return [...out];
}
