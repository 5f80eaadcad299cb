// target/manifest.json: the compiled Manifest plus dbt's top-level keys tools expect to find.
import type { Manifest } from '../manifest.js';

export function manifestArtifact(manifest: Manifest): Record<string, unknown> {
  return {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', ...manifest.metadata },
    nodes: manifest.nodes,
    sources: manifest.sources,
    macros: manifest.macros,
    docs: manifest.docs,
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: manifest.parent_map,
    child_map: manifest.child_map,
    vars: manifest.vars,
    target: manifest.target,
  };
}
