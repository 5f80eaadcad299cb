// The `state:` selector method (dbt's StateSelectorMethod): state:new, state:old, state:unmodified,
// state:modified and its sub-selectors state:modified.<category>. As in dbt, a node missing from the
// previous manifest counts as modified under every sub-selector.
import { UsageError } from '../errors.js';
import type { Manifest } from '../manifest.js';
import { didYouMean } from '../project/closest.js';
import { CATEGORIES, compareState, type Category } from './compare.js';

const VALUES = ['new', 'old', 'modified', 'unmodified'];

export function stateMethod(nodeIds: Iterable<string>, current: Manifest, previous: Manifest | undefined, value: string, args: string[]): string[] {
  if (!previous) {
    throw new UsageError(`The selector "state:${[value, ...args].join('.')}" needs a previous manifest to compare with.`, {
      hint: 'Pass --state <dir> with the manifest.json of the run to compare against (e.g. production\'s last `clv build`).',
    });
  }
  const [modifier, ...rest] = value.split('.');
  const sub = [...args, ...rest];
  if (!VALUES.includes(modifier!)) {
    throw new UsageError(`Invalid state selector "state:${value}".`, { hint: `${didYouMean(modifier!, VALUES) ?? ''} Valid values: ${VALUES.join(', ')}.`.trim() });
  }
  if (sub.length > 0 && (modifier !== 'modified' || sub.length > 1 || !CATEGORIES.includes(sub[0] as Category))) {
    throw new UsageError(`Invalid state selector "state:${value}".`, { hint: `Sub-selectors of state:modified: ${CATEGORIES.join(', ')} (e.g. state:modified.macros).` });
  }
  const diff = compareState(current, previous);
  const category = sub[0] as Category | undefined;
  const keep = (id: string): boolean => {
    const isNew = diff.added.has(id);
    if (modifier === 'new') return isNew;
    if (modifier === 'old') return !isNew;
    const changes = diff.modified.get(id);
    const modified = isNew || (changes !== undefined && (category === undefined || changes.has(category)));
    return modifier === 'modified' ? modified : !isNew && changes === undefined;
  };
  const out: string[] = [];
  for (const id of nodeIds) if (keep(id)) out.push(id);
  return out;
}
