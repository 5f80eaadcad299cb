// Every OpenLineage facet carries who produced it and the JSON schema it follows (spec: BaseFacet
// `_producer` / `_schemaURL`). Versions are those of the facet schemas published at openlineage.io/spec.
export const PRODUCER = 'https://github.com/clv/clv';
export const RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

export function facet(name: string, version: string, body: Record<string, unknown>): Record<string, unknown> {
  return { _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`, ...body };
}
