// JSON Schema of dbt's profiles.yml: `<profile>: { target, outputs: { <name>: { type, ... } } }`.
import { targetSchema } from './project.js';
import type { JsonSchema } from './common.js';

const profileSchema: JsonSchema = {
  type: 'object',
  required: ['outputs'],
  properties: {
    target: { type: 'string' },
    outputs: { type: 'object', additionalProperties: targetSchema },
  },
  additionalProperties: false,
};

export const profilesSchema: JsonSchema = {
  type: 'object',
  properties: { config: { type: 'object' } },
  additionalProperties: profileSchema,
};
