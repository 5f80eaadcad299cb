// dbt snapshots: every `{% snapshot name %} … {% endsnapshot %}` block under the snapshot paths becomes a
// node that renders like a model (ref, source, config, var) and is built by the `snapshot` materialization
// (runner/run/materializations/snapshot.ts), which keeps each row's history as type-2 versions. In the
// manifest a snapshot is a model node with `materialized: 'snapshot'` and a `snapshot.` unique id.
import { ProjectError } from '../errors.js';
import type { ProjectFile } from '../project/types.js';

export interface SnapshotBlock {
  name: string;
  /** The file with everything but this block's body blanked out, so template errors keep their line. */
  text: string;
}

const OPEN = /\{%-?\s*snapshot\s+([A-Za-z_]\w*)\s*-?%\}/g;
const CLOSE = /\{%-?\s*endsnapshot\s*-?%\}/g;

const blank = (text: string): string => text.replace(/[^\n]/g, ' ');
const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

export function snapshotBlocks(file: ProjectFile): SnapshotBlock[] {
  const text = file.contents;
  const blocks: SnapshotBlock[] = [];
  for (const open of text.matchAll(OPEN)) {
    const bodyStart = open.index! + open[0].length;
    CLOSE.lastIndex = bodyStart;
    const close = CLOSE.exec(text);
    const next = text.slice(bodyStart).search(/\{%-?\s*snapshot\s/);
    if (!close || (next >= 0 && bodyStart + next < close.index)) {
      throw new ProjectError(`snapshot '${open[1]}' is not closed`, {
        location: { file: file.path, line: lineAt(text, open.index!) },
        hint: 'End the block with {% endsnapshot %}.',
      });
    }
    const body = text.slice(bodyStart, close.index);
    blocks.push({ name: open[1]!, text: blank(text.slice(0, bodyStart)) + body + blank(text.slice(close.index)) });
  }
  return blocks;
}
