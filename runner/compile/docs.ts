// `{% docs name %}...{% enddocs %}` blocks from .md files, referenced by doc('name') in YAML descriptions.
import { ProjectError } from '../errors.js';
import type { DocBlock } from '../manifest.js';
import type { ProjectFile } from '../project/types.js';

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;

export function parseDocs(files: ProjectFile[], projectName: string): Record<string, DocBlock> {
  const docs: Record<string, DocBlock> = {};
  for (const file of files) {
    for (const match of file.contents.matchAll(DOCS_BLOCK)) {
      const name = match[1]!;
      const uniqueId = `doc.${projectName}.${name}`;
      const existing = docs[uniqueId];
      if (existing) {
        throw new ProjectError(`docs block '${name}' is defined twice: in ${existing.original_file_path} and in ${file.path}`, {
          location: { file: file.path, line: file.contents.slice(0, match.index).split('\n').length },
          hint: 'Rename one of the blocks.',
        });
      }
      docs[uniqueId] = { unique_id: uniqueId, name, original_file_path: file.path, block_contents: match[2]!.trim() };
    }
  }
  return docs;
}
