// Every JSON Schema clv validates YAML against, by the name its precompiled validator is exported under
// (validators.generated.ts), and the ajv options both the generator and a runtime compile use.
import { dbtProjectSchema } from './dbt-project.js';
import { profilesSchema } from './profiles.js';
import { projectSchema } from './project.js';
import { schemaYmlSchema } from './schema-yml.js';
import type { JsonSchema } from './common.js';

// validateSchema off: our schemas are fixed code (covered by tests), and checking them against the JSON Schema
// meta-schema on every start cost more CPU than loading the rest of a 5,000-model project.
export const AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false } as const;

export const SCHEMAS: Record<string, JsonSchema> = { projectSchema, dbtProjectSchema, profilesSchema, schemaYmlSchema };
