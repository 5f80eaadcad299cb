// One selection spec as dbt parses it: `[@][N+]method[.arg...]:value[+N]`, e.g. `2+tag:nightly+`,
// `@stg_orders`, `config.materialized:view`. The regex mirrors dbt's RAW_SELECTOR_PATTERN so the same
// strings mean the same thing here.
import { UsageError } from '../errors.js';
import type { IndirectSelection } from './types.js';

export interface Criteria {
  /** The spec as written, for error messages. */
  raw: string;
  /** undefined = the default method (fqn, or path when the value looks like a path). */
  method?: string;
  /** Dotted arguments after the method: `config.meta.owner` -> ['meta', 'owner']. */
  args: string[];
  value: string;
  /** `+m`: include ancestors; depth undefined = all generations. */
  parents: boolean;
  parentsDepth?: number;
  /** `m+`: include descendants. */
  children: boolean;
  childrenDepth?: number;
  /** `@m`: descendants and all of their ancestors. */
  childrensParents: boolean;
  indirectSelection?: IndirectSelection;
}

const PATTERN = /^(?<at>@)?(?<parents>(?<pd>\d*)\+)?(?:(?<method>[\w.]+):)?(?<value>.*?)(?<children>\+(?<cd>\d*))?$/s;

export function parseCriteria(raw: string): Criteria {
  const m = PATTERN.exec(raw);
  const g = m?.groups;
  if (!g || g.value === '') {
    throw new UsageError(`Invalid selector "${raw}": nothing to select.`, {
      hint: 'Write a node name, a method such as tag:nightly, or graph operators around them (+m, m+, @m).',
    });
  }
  if (g.at && g.parents) {
    throw new UsageError(`Invalid selector "${raw}": "@" and a leading "+" cannot both be used.`, {
      hint: '@m already includes every ancestor of m\'s descendants.',
    });
  }
  const [method, ...args] = g.method ? g.method.split('.') : [];
  return {
    raw,
    method,
    args,
    value: g.value,
    parents: Boolean(g.parents),
    parentsDepth: depth(g.pd),
    children: Boolean(g.children),
    childrenDepth: depth(g.cd),
    childrensParents: Boolean(g.at),
  };
}

function depth(digits: string | undefined): number | undefined {
  return digits ? Number(digits) : undefined;
}
