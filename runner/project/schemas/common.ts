// Building blocks shared by the project, profile and schema-YAML JSON Schemas.
export type JsonSchema = Record<string, unknown>;

export const stringList: JsonSchema = { type: 'array', items: { type: 'string' } };
export const stringOrList: JsonSchema = { anyOf: [{ type: 'string' }, stringList] };
/** Folder-scoped config trees (`models:`, `seeds:`...) are free-form: folder names nest arbitrarily. */
export const configTree: JsonSchema = { type: ['object', 'null'] };
export const anyObject: JsonSchema = { type: ['object', 'null'] };

/** A strict object: unknown keys are errors that list the valid ones. */
export function strictObject(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}
