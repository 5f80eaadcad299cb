// From the user's Selection (CLI flags or a YAML selector) to the set of selected unique ids.
import type { Manifest } from '../manifest.js';
import { UsageError } from '../errors.js';
import { graphIndex } from './graph.js';
import { resourceKind } from './resource-kind.js';
import { evaluate } from './select.js';
import type { Spec } from './spec.js';
import { parseCliValues } from './spec.js';
import type { Selection } from './types.js';
import { readSelectors, selectorSpec } from './yaml-selectors.js';

/** With no --select, dbt selects everything; sources too, so `ls` lists them (they are never executed). */
const EVERYTHING = ['fqn:*', 'source:*'];
const EVERYTHING_SPEC: Spec = parseCliValues(EVERYTHING);

export function selectionSpec(selection: Selection, selectors?: Record<string, unknown>): Spec {
  const defs = readSelectors(selectors);
  const hasCli = Boolean(selection.select?.length || selection.exclude?.length);
  if (selection.selector) {
    if (hasCli) {
      throw new UsageError('--selector cannot be combined with --select or --exclude.', {
        hint: 'Put the extra criteria into the selector\'s definition in selectors.yml, or drop --selector.',
      });
    }
    return selectorSpec(defs, selection.selector);
  }
  // As in dbt, a selector marked `default: true` applies only when nothing was selected on the command line.
  if (!hasCli && defs.defaultName) return selectorSpec(defs, defs.defaultName);
  const mode = selection.indirectSelection;
  if (!hasCli) return EVERYTHING_SPEC;
  const included = parseCliValues(selection.select?.length ? selection.select : EVERYTHING, mode);
  if (!selection.exclude?.length) return included;
  return { kind: 'difference', parts: [included, parseCliValues(selection.exclude, mode)], indirectSelection: mode };
}

export function selectNodes(manifest: Manifest, selection: Selection, selectors?: Record<string, unknown>): Set<string> {
  const index = graphIndex(manifest);
  const spec = selectionSpec(selection, selectors);
  // `clv build` with no selection is the common case: everything, without set algebra over every id.
  // clv framework: the state: method reads the previous manifest from the index it is handed.
  const selected = spec === EVERYTHING_SPEC ? new Set(index.nodes.keys()) : evaluate(selection.state ? { ...index, previous: selection.state } : index, spec);
  if (!selection.resourceTypes?.length) return selected;
  const keep = new Set<string>(selection.resourceTypes);
  return new Set([...selected].filter((id) => keep.has(resourceKind(index.nodes.get(id)!))));
}
