import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snowflakeDialect } from '../../../runner/adapters/snowflake/dialect.js';
import { quoteIdentifier, storedName } from '../../../runner/adapters/snowflake/identifiers.js';
import { cases } from './dialect-cases.js';

const goldenDir = join(import.meta.dirname, 'golden');

describe('snowflake dialect golden SQL', () => {
  for (const [name, render] of Object.entries(cases)) {
    it(name, () => {
      const file = join(goldenDir, `${name}.sql`);
      const sql = `${render()}\n`;
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, sql);
      expect(existsSync(file), `missing golden ${file}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(sql).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('snowflake quoting policy', () => {
  it('quotes plain column names upper-cased so they name what unquoted SQL created', () => {
    expect(quoteIdentifier('customer_id')).toBe('"CUSTOMER_ID"');
    expect(storedName('customer_id')).toBe('CUSTOMER_ID');
  });
  it('keeps names that are not plain identifiers verbatim', () => {
    expect(quoteIdentifier('Order Date')).toBe('"Order Date"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
  it('renders plain relations unquoted and reserved words quoted', () => {
    expect(snowflakeDialect.renderRelation({ database: 'raw', schema: 'shopify', identifier: 'orders' })).toBe('raw.shopify.orders');
    expect(snowflakeDialect.renderRelation({ schema: 'shopify', identifier: 'order' })).toBe('shopify."ORDER"');
  });
  it('is DDL-non-transactional and transient by default', () => {
    expect(snowflakeDialect.transactionalDdl).toBe(false);
    expect(snowflakeDialect.createTableAs({ schema: 's', identifier: 't' }, 'select 1')).toMatch(/^create or replace transient table/);
  });
});
