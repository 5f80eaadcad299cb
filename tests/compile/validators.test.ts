import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, SCHEMAS } from '../../runner/project/schemas/all.js';
import { GENERATED_FILE, validatorsSource } from '../../runner/project/schemas/generate-validators.js';
import * as generated from '../../runner/project/schemas/validators.generated.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

describe('precompiled YAML validators', () => {
  it('are what ajv generates from the current schemas (run generate-validators.ts after editing a schema)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(validatorsSource());
  });

  it('accept, reject and report errors exactly as a runtime ajv compile does', () => {
    const ajv = new Ajv(AJV_OPTIONS);
    const samples: Record<string, unknown[]> = {
      projectSchema: [{ name: 'p', version: '1' }, { name: '1bad' }, { name: 'p', modle_paths: [] }],
      dbtProjectSchema: [{ name: 'p', profile: 'p' }, { name: 3 }],
      profilesSchema: [{ p: { target: 'dev', outputs: { dev: { type: 'duckdb', path: 'x.duckdb' } } } }, { p: { outputs: 'no' } }],
      schemaYmlSchema: [
        { version: 2, models: [{ name: 'm', columns: [{ name: 'id', tests: ['unique', { accepted_values: { values: [1] } }] }] }] },
        { version: 2, models: [{ name: 'm', colums: [] }] },
        { version: 2, models: [{ name: 'm', columns: [{ name: 'id', tests: [{ a: {}, b: {} }] }] }] },
      ],
    };
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      const runtime = ajv.compile(schema);
      const precompiled = (generated as unknown as Record<string, Validate>)[name]!;
      for (const sample of samples[name]!) {
        expect(precompiled(sample)).toBe(runtime(sample));
        expect(precompiled.errors ?? null).toEqual(runtime.errors ?? null);
      }
    }
  });
});
