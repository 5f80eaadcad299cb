// Selection specs as a small tree: CLI values and selectors.yml definitions both become one of these,
// then `evaluate` turns it into unique ids. Shape and set semantics mirror dbt's SelectionSpec.
import type { Criteria } from './criteria.js';
import { parseCriteria } from './criteria.js';
import type { IndirectSelection } from './types.js';

export type Spec =
  | { kind: 'criteria'; criteria: Criteria }
  | { kind: 'union' | 'intersection'; parts: Spec[]; indirectSelection?: IndirectSelection }
  | { kind: 'difference'; parts: [Spec, Spec]; indirectSelection?: IndirectSelection };

/** `--select a b,c` arrives as ['a', 'b,c'] or ['a b,c']: spaces union, commas intersect (dbt). */
export function parseCliValues(values: string[], indirectSelection?: IndirectSelection): Spec {
  const parts = values
    .flatMap((value) => value.split(/\s+/))
    .filter((token) => token !== '')
    .map((token): Spec => {
      const criteria = token.split(',').filter((p) => p !== '').map((raw): Spec => criteriaSpec(raw, indirectSelection));
      return criteria.length === 1 ? criteria[0]! : { kind: 'intersection', parts: criteria, indirectSelection };
    });
  // One spec needs no union around it (and the union's copy of a 20,000-id set is not free).
  return parts.length === 1 ? parts[0]! : { kind: 'union', parts, indirectSelection };
}

export function criteriaSpec(raw: string, indirectSelection?: IndirectSelection): Spec {
  const criteria = parseCriteria(raw);
  if (indirectSelection) criteria.indirectSelection = indirectSelection;
  return { kind: 'criteria', criteria };
}
