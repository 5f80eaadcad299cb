import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../runner/adapters/duckdb/dialect.js';
import { dialectCases } from './duckdbDialectCases.js';

const golden = (name: string): string =>
  readFileSync(new URL(`../fixtures/adapters/duckdb/${name}.sql`, import.meta.url), 'utf8').replace(/\n$/, '');

describe('duckdb dialect goldens', () => {
  for (const [name, render] of Object.entries(dialectCases)) {
    it(name, () => {
      expect(render(duckdbDialect)).toBe(golden(name));
    });
  }

  it('declares transactional DDL and its dispatch name', () => {
    expect(duckdbDialect.name).toBe('duckdb');
    expect(duckdbDialect.transactionalDdl).toBe(true);
  });
});
