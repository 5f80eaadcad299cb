// The docs site's plain-data contract: what `docs generate` embeds in data.js and what extra pages
// (registered by the product, e.g. the CLV report) receive. The client bundle reads the same shapes.
import type { Manifest } from '../manifest.js';
import type { Row } from '../adapters/adapter.js';
import type { Catalog } from './catalog.js';

export interface DocsColumn {
  name: string;
  description: string;
  /** From the warehouse (catalog) when the relation exists, else the YAML data_type. */
  type?: string;
  /** unique_ids of tests on this column. */
  tests: string[];
  /** Upstream columns `<unique_id>.<column>` when the manifest carries column lineage (optional field). */
  lineage?: string[];
}

export interface DocsRunInfo {
  status: string;
  message: string | null;
  /** Seconds. */
  executionTime: number;
  failures: number | null;
  completedAt?: string;
}

export interface DocsNode {
  id: string;
  type: 'model' | 'seed' | 'source' | 'test' | 'analysis';
  name: string;
  /** Folder path + file, for the tree. */
  path: string;
  description: string;
  materialized?: string;
  tags: string[];
  /** Fully qualified relation as the warehouse spells it. */
  relation?: string;
  /** Upstream unique_ids (nodes and sources). */
  dependsOn: string[];
  columns: DocsColumn[];
  /** Tests attached to the node (unique_ids). */
  tests: string[];
  /** Test only: the tested node and column. */
  attachedTo?: string;
  columnName?: string;
  run?: DocsRunInfo;
  /** Whether the relation exists in the warehouse's information_schema (undefined: not checked). */
  inWarehouse?: boolean;
}

export interface DocsPageMeta {
  id: string;
  title: string;
  data: unknown;
}

export interface DocsData {
  project: string;
  generatedAt: string;
  adapter: string;
  target: string;
  /** run_results.json's generated_at when a run happened, else undefined (the empty state). */
  lastRunAt?: string;
  lastRunCommand?: string;
  catalogAvailable: boolean;
  /** Why the catalog is missing (no database yet, connection failed...). */
  catalogNote?: string;
  nodes: DocsNode[];
  pages: DocsPageMeta[];
}

/** SQL text kept apart from data.js so the first render does not parse megabytes of SQL. */
export type DocsSql = Record<string, { raw?: string; compiled?: string }>;

export interface RelationInfo {
  uniqueId: string;
  /** Relation rendered for SQL text by the target's dialect. */
  sql: string;
  exists: boolean;
  /** Column names in the warehouse (lowercase), empty when the relation is absent. */
  columns: string[];
}

/** What an extra page's collect() may use: read-only access to the built project. */
export interface DocsPageContext {
  manifest: Manifest;
  catalog?: Catalog;
  /** Present when the warehouse could be opened. */
  query?: (sql: string) => Promise<Row[]>;
  /** Model, seed or source by name (e.g. 'customers'); undefined when the project has none. */
  relation(name: string): RelationInfo | undefined;
  warn(message: string): void;
}

/** A product-specific page (e.g. the CLV report) added to the generic docs site. */
export interface DocsExtraPage {
  id: string;
  title: string;
  /** Absolute path of the page's client entry (TS/JS); esbuild bundles it; it calls
   * `window.clvDocs.registerPage(id, render)`. */
  clientEntry: string;
  collect(context: DocsPageContext): Promise<unknown>;
}
