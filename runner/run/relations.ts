// What exists in the warehouse, learned once per schema per run: one listing query per schema instead of
// one lookup per node keeps the runner's overhead per model small. Each node owns its own relation, so
// concurrent workers never race on the same entry.
import type { RelationRef } from '../manifest.js';
import type { Connection, Dialect, RelationKind } from '../adapters/adapter.js';

const schemaKey = (r: Pick<RelationRef, 'database' | 'schema'>): string =>
  `${r.database ?? ''}.${r.schema}`.toLowerCase();

export class RelationCatalog {
  private readonly listings = new Map<string, Promise<Map<string, RelationKind>>>();
  private readonly schemas = new Map<string, Promise<unknown>>();

  constructor(private readonly dialect: Dialect) {}

  ensureSchema(connection: Connection, relation: Pick<RelationRef, 'database' | 'schema'>): Promise<unknown> {
    const key = schemaKey(relation);
    let pending = this.schemas.get(key);
    if (!pending) {
      pending = connection.execute(this.dialect.createSchema(relation));
      // A failed create may succeed for a later node (e.g. after a permissions fix mid-run): don't cache it.
      pending.catch(() => this.schemas.delete(key));
      this.schemas.set(key, pending);
    }
    return pending;
  }

  async kindOf(connection: Connection, relation: RelationRef): Promise<RelationKind | undefined> {
    return (await this.listing(connection, relation)).get(relation.identifier.toLowerCase());
  }

  /** Record what a materialization just created (kind) or dropped (undefined). */
  async remember(connection: Connection, relation: RelationRef, kind: RelationKind | undefined): Promise<void> {
    const listing = await this.listing(connection, relation);
    if (kind) listing.set(relation.identifier.toLowerCase(), kind);
    else listing.delete(relation.identifier.toLowerCase());
  }

  private listing(connection: Connection, relation: RelationRef): Promise<Map<string, RelationKind>> {
    const key = schemaKey(relation);
    let pending = this.listings.get(key);
    if (!pending) {
      pending = connection.execute(this.dialect.listRelationsSql(relation)).then(
        (result) => new Map(result.rows.map((row) => [String(row.name).toLowerCase(), row.kind as RelationKind])),
      );
      pending.catch(() => this.listings.delete(key));
      this.listings.set(key, pending);
    }
    return pending;
  }
}
