// Column-level lineage as plain data. A column path is '<unique_id>.<column>' (the docs site's format);
// an input the project does not know (a raw table spelled out in SQL) is '<relation>.<column>'.

/** One model's lineage: for each output column, the upstream column paths it is computed from. */
export interface ModelLineage {
  /** Output columns in select order (as far as they could be determined). */
  columns: string[];
  /** column -> upstream column paths; [] means computed from no column (a literal, count(*), now()). */
  upstream: Record<string, string[]>;
  /** column (or '*' for the whole model) -> why its lineage could not be determined. Never guessed. */
  unresolved: Record<string, string>;
}

/** Column names known before analysis, by unique_id, in order (YAML, seed headers, catalog.json). */
export type KnownColumns = Map<string, string[]>;

export type ProjectLineage = Record<string, ModelLineage>;
