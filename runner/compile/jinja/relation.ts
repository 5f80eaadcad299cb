// What ref()/source()/this return inside templates. Printing one yields a placeholder that compile swaps for
// the real relation once every node's config is known: a single render pass, no dependency ordering, and a
// rendered result that stays valid (cacheable) when other models change their schema or alias.
import type { RelationRef } from '../../manifest.js';

export const PLACEHOLDER = /\u0002([RS]):([^\u0003]+)\u0003/g;

export function placeholder(kind: 'R' | 'S', uniqueId: string): string {
  return `\u0002${kind}:${uniqueId}\u0003`;
}

/** A dbt Relation: prints as its placeholder; attributes resolve through `describe` (best known value). */
export class TemplateRelation {
  constructor(
    private readonly text: string,
    private readonly describe: () => RelationRef,
  ) {}

  get database(): string | undefined {
    return this.describe().database;
  }
  get schema(): string {
    return this.describe().schema;
  }
  get identifier(): string {
    return this.describe().identifier;
  }
  get name(): string {
    return this.describe().identifier;
  }
  get table(): string {
    return this.describe().identifier;
  }
  render(): string {
    return this.text;
  }
  include(): TemplateRelation {
    return this;
  }
  toString(): string {
    return this.text;
  }
}

/** api.Relation.create(): a relation spelled out by the template itself, rendered right away. */
export class LiteralRelation {
  constructor(
    readonly relation: RelationRef,
    private readonly renderRelation: (relation: RelationRef) => string,
  ) {}
  get database(): string | undefined {
    return this.relation.database;
  }
  get schema(): string {
    return this.relation.schema;
  }
  get identifier(): string {
    return this.relation.identifier;
  }
  get name(): string {
    return this.relation.identifier;
  }
  render(): string {
    return this.renderRelation(this.relation);
  }
  toString(): string {
    return this.render();
  }
}
