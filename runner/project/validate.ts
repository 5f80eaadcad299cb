// ajv validation whose errors read like a teacher: file, line, what is wrong, and the keys that are valid.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { ProjectError } from '../errors.js';
import { didYouMean } from './closest.js';
import { parseYaml, type ParsedYaml, type YamlPath } from './yaml.js';
import type { JsonSchema } from './schemas/common.js';
import { AJV_OPTIONS, SCHEMAS } from './schemas/all.js';
import * as generated from './schemas/validators.generated.js';

// Our four schemas are precompiled (schemas/generate-validators.ts); ajv compiles only a schema it has not
// seen, with the same options. So ajv itself (~0.1 s of CPU to import) is loaded only then, synchronously
// (it is CommonJS), and no `clv` command pays for it otherwise.
const precompiled = new Map<JsonSchema, ValidateFunction>(Object.entries(SCHEMAS).map(([name, schema]) => [schema, (generated as unknown as Record<string, ValidateFunction>)[name]!]));
let ajv: Ajv | undefined;
const validators = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = precompiled.get(schema) ?? validators.get(schema);
  if (!validate) {
    validate = (ajv ??= newAjv()).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function newAjv(): Ajv {
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new AjvClass(AJV_OPTIONS);
}

/** Parse YAML text and validate it; throws ProjectError on syntax or schema errors. Empty file => {}. */
export function parseAndValidate(text: string, file: string, schema: JsonSchema): ParsedYaml {
  const parsed = parseYaml(text, file);
  if (parsed.value === undefined || parsed.value === null) return { ...parsed, value: {} };
  validateParsed(parsed, file, schema);
  return parsed;
}

/**
 * As parseAndValidate, but an unknown key is a warning and is dropped, as dbt does for schema YAML (it
 * parses on and warns about custom keys). Wrong types and missing keys still fail.
 */
export function parseAndValidateLenient(text: string, file: string, schema: JsonSchema): { parsed: ParsedYaml; warnings: string[] } {
  const parsed = parseYaml(text, file);
  if (parsed.value === undefined || parsed.value === null) return { parsed: { ...parsed, value: {} }, warnings: [] };
  const validate = validatorFor(schema);
  const warnings: string[] = [];
  // Each pass drops the unknown keys ajv reported; a dropped key can hide others only in nested anyOf
  // branches, so a few passes always suffice.
  for (let pass = 0; pass < 5 && !validate(parsed.value); pass++) {
    const unknown = (validate.errors ?? []).filter((error) => error.keyword === 'additionalProperties');
    if (unknown.length === 0) break;
    for (const error of unknown) {
      const path = pointerToPath(error.instancePath);
      const key = String(error.params.additionalProperty);
      const owner = path.reduce<unknown>((node, part) => (node as Record<string | number, unknown> | undefined)?.[part], parsed.value);
      if (!owner || typeof owner !== 'object' || !(key in owner)) continue;
      delete (owner as Record<string, unknown>)[key];
      const valid = Object.keys(propertiesAt(schema, path)).sort();
      const suggestion = key.startsWith('+') ? `a config key goes under 'config:', as '${key.slice(1)}'` : didYouMean(key, valid);
      warnings.push(`${file}:${parsed.lineOf([...path, key]) ?? 1}: unknown key '${key}'${where(path)} is ignored${suggestion ? ` (${suggestion})` : ''}`);
    }
  }
  validateParsed(parsed, file, schema);
  return { parsed, warnings };
}

export function validateParsed(parsed: ParsedYaml, file: string, schema: JsonSchema): void {
  const validate = validatorFor(schema);
  if (validate(parsed.value)) return;
  const error = mostUseful(validate.errors ?? []);
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const valid = Object.keys(propertiesAt(schema, path)).sort();
    throw new ProjectError(`unknown key '${key}'${where(path)}`, {
      location: { file, line: parsed.lineOf([...path, key]) },
      hint: [didYouMean(key, valid), valid.length ? `Valid keys: ${valid.join(', ')}.` : undefined].filter(Boolean).join(' '),
    });
  }
  throw new ProjectError(`${describe(path)} ${error.message ?? 'is invalid'}`, {
    location: { file, line: parsed.lineOf(path) },
    hint: error.keyword === 'required' ? `Add '${String(error.params.missingProperty)}'.` : undefined,
  });
}

/** Prefer unknown-key errors (most actionable), then the deepest error; anyOf noise comes last. */
function mostUseful(errors: ErrorObject[]): ErrorObject {
  const ranked = [...errors].sort((a, b) => score(b) - score(a));
  return ranked[0]!;
}

function score(error: ErrorObject): number {
  const depth = error.instancePath.split('/').length;
  const keyword = error.keyword === 'additionalProperties' ? 1000 : error.keyword === 'anyOf' ? -1000 : 0;
  return keyword + depth;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describe(path: YamlPath): string {
  return path.length ? `'${formatPath(path)}'` : 'the file';
}

function where(path: YamlPath): string {
  return path.length ? ` in '${formatPath(path)}'` : '';
}

export function formatPath(path: YamlPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** Walk the schema alongside the instance path to list the properties allowed where the error is. */
function propertiesAt(schema: JsonSchema, path: YamlPath): Record<string, unknown> {
  let current: JsonSchema | undefined = schema;
  for (const part of path) {
    if (!current) return {};
    if (typeof part === 'number') current = current.items as JsonSchema | undefined;
    else {
      const props = (current.properties ?? {}) as Record<string, JsonSchema>;
      current = props[part] ?? (typeof current.additionalProperties === 'object' ? (current.additionalProperties as JsonSchema) : undefined);
    }
  }
  return ((current?.properties as Record<string, unknown>) ?? {});
}
