// Replacing ref/source/this placeholders with relation text, and inlining ephemeral models as CTEs.
import type { CachedRender } from './cache.js';
import { cteBody, cteName, injectCtes, type Cte } from './ephemeral.js';
import { PLACEHOLDER } from './jinja/relation.js';
import type { Stub } from './stubs.js';

export interface SubstituteContext {
  byId: Map<string, Stub>;
  renders: Map<string, CachedRender>;
  relationText(uniqueId: string): string;
  /** dbt --empty: each ref/source reads zero rows (the columns and types stay). */
  empty?: boolean;
}

export function finalizeCode(code: string, context: SubstituteContext): string {
  const ephemerals: string[] = [];
  const text = replacePlaceholders(code, context, ephemerals);
  if (ephemerals.length === 0) return text;
  const ordered: string[] = [];
  const visit = (id: string, trail: string[]) => {
    if (ordered.includes(id) || trail.includes(id)) return;
    const nested: string[] = [];
    replacePlaceholders(context.renders.get(id)?.code ?? '', context, nested);
    for (const inner of nested) visit(inner, [...trail, id]);
    ordered.push(id);
  };
  for (const id of ephemerals) visit(id, []);
  const ctes: Cte[] = ordered.map((id) => ({
    name: cteName(context.byId.get(id)!.name),
    sql: cteBody(replacePlaceholders(context.renders.get(id)!.code, context, [])),
  }));
  return injectCtes(text, ctes);
}

function replacePlaceholders(code: string, context: SubstituteContext, ephemerals: string[]): string {
  return code.replace(PLACEHOLDER, (_match, kind: string, id: string) => {
    const stub = kind === 'R' ? context.byId.get(id) : undefined;
    if (stub?.config?.materialized === 'ephemeral') {
      if (!ephemerals.includes(id)) ephemerals.push(id);
      return cteName(stub.name);
    }
    return context.empty ? `(select * from ${context.relationText(id)} where false limit 0)` : context.relationText(id);
  });
}
