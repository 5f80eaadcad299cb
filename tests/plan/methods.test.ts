import { describe, expect, it } from 'vitest';
import { selectNodes } from '../../runner/plan/index.js';
import { jaffle } from '../fixtures/plan/jaffle.js';
import { namesWith, usageText } from './helpers.js';

const m = jaffle();
/** Only what the method matches: no tests pulled in indirectly. */
const direct = (...select: string[]) => namesWith(m, { select, indirectSelection: 'empty' });
const STAGING = ['stg_customers', 'stg_orders', 'stg_payments'];
const SOURCES = ['customers', 'orders', 'payments'];

describe('default method (fqn)', () => {
  it('selects a node by name', () => {
    expect(direct('customers')).toEqual(['customers']);
    expect(direct('country_codes')).toEqual(['country_codes']);
    expect(direct('assert_ltv_positive')).toEqual(['assert_ltv_positive']);
  });

  it('selects by fqn prefix: a folder name or folder.model, with or without the project', () => {
    expect(direct('staging')).toEqual(STAGING);
    expect(direct('marts.customers')).toEqual(['customers']);
    expect(direct('jaffle.marts.customers')).toEqual(['customers']);
    expect(direct('fqn:jaffle.staging.*')).toEqual(STAGING);
  });

  it('matches a bare wildcard against node names in any folder, and * against every node but sources', () => {
    expect(direct('stg_*')).toEqual(STAGING);
    expect(direct('stg_[cp]*')).toEqual(['stg_customers', 'stg_payments']);
    expect(direct('stg_?rders')).toEqual(['stg_orders']);
    const everything = direct('*');
    expect(everything).toHaveLength(Object.keys(m.nodes).length);
  });

  it('selects nothing (no error) when nothing matches', () => {
    expect(direct('no_such_model')).toEqual([]);
  });

  it('treats a value with a slash as a path and one ending in .sql as a file name', () => {
    expect(direct('models/staging')).toEqual([...STAGING, ...SOURCES].sort());
    expect(direct('customers.sql')).toEqual(['customers']);
  });
});

describe('tag:', () => {
  it('matches tags on models, tests and sources, with wildcards', () => {
    expect(direct('tag:nightly')).toEqual(['assert_ltv_positive', 'orders', 'stg_orders']);
    expect(direct('tag:pii')).toEqual(['orders']); // the raw.orders source
    expect(direct('tag:stag*')).toEqual(STAGING);
  });
});

describe('path:', () => {
  it('selects everything under a folder (sources declared there too), with or without a trailing slash', () => {
    expect(direct('path:models/staging')).toEqual([...STAGING, ...SOURCES].sort());
    expect(direct('path:models/staging/')).toEqual(direct('path:models/staging'));
    expect(direct('path:./models/marts')).toEqual(['customer_ltv', 'customers', 'orders']);
    expect(direct('path:seeds')).toEqual(['country_codes']);
    expect(direct('path:tests/data')).toEqual(['assert_ltv_positive']);
  });

  it('selects a single file, a YAML file by what it patches, and globs within one folder', () => {
    expect(direct('path:models/marts/customers.sql')).toEqual(['customers']);
    expect(direct('path:models/marts/marts.yml')).toEqual(['customers']);
    expect(direct('path:models/*/stg_*.sql')).toEqual(STAGING);
    expect(direct('path:models/*.sql')).toEqual([]);
    expect(direct('path:models/**/customer*.sql')).toEqual(['customer_ltv', 'customers']);
    expect(direct('path:models/**/*customers.sql')).toEqual(['customers', 'stg_customers']);
  });
});

describe('file:', () => {
  it('matches the file name with or without extension', () => {
    expect(direct('file:customers.sql')).toEqual(['customers']);
    expect(direct('file:stg_orders')).toEqual(['stg_orders']);
    expect(direct('file:country_codes.csv')).toEqual(['country_codes']);
  });
});

describe('config.<key>:', () => {
  it('compares a config value', () => {
    expect(direct('config.materialized:view')).toEqual(STAGING);
    expect(direct('config.materialized:ephemeral')).toEqual(['int_order_payments']);
    expect(direct('config.materialized:incremental')).toEqual(['orders']);
    expect(direct('config.unique_key:order_id')).toEqual(['orders']);
  });

  it('descends into nested config, matches list members and booleans, and compares severity caselessly', () => {
    expect(direct('config.meta.owner:ana')).toEqual(['customers']);
    expect(direct('config.tags:nightly')).toEqual(['assert_ltv_positive', 'orders', 'stg_orders']);
    expect(direct('config.full_refresh:false')).toEqual(['orders']);
    expect(direct('config.severity:WARN')).toEqual(['accepted_values_stg_orders_status']);
  });

  it('needs a key', () => {
    expect(() => direct('config:view')).toThrow(/config\.materialized:view/);
  });
});

describe('resource_type:, source:, package:', () => {
  it('selects by resource type; types this runner lacks select nothing; others are an error', () => {
    expect(direct('resource_type:seed')).toEqual(['country_codes']);
    expect(direct('resource_type:source')).toEqual(SOURCES);
    expect(direct('resource_type:snapshot')).toEqual([]);
    expect(usageText(() => direct('resource_type:table'))).toMatch(/Invalid resource_type.*\n.*model, seed, test, source/);
  });

  it('selects sources by source, source.table or package.source.table', () => {
    expect(direct('source:raw')).toEqual(SOURCES);
    expect(direct('source:raw.orders')).toEqual(['orders']);
    expect(direct('source:jaffle.raw.orders')).toEqual(['orders']);
    expect(direct('source:raw.*ers')).toEqual(['customers', 'orders']);
    expect(direct('source:other')).toEqual([]);
    expect(usageText(() => direct('source:a.b.c.d'))).toMatch(/source:<source_name>\.<table_name>/);
  });

  it('selects by package, `this` being the root project', () => {
    const all = Object.keys(m.nodes).length + Object.keys(m.sources).length;
    expect(direct('package:jaffle')).toHaveLength(all);
    expect(direct('package:this')).toHaveLength(all);
    expect(direct('package:dbt_utils')).toEqual([]);
  });
});

describe('test_type: and test_name:', () => {
  it('tells generic from singular tests; data is both; unit tests do not exist yet', () => {
    expect(direct('test_type:singular')).toEqual(['assert_ltv_positive']);
    expect(direct('test_type:generic')).toHaveLength(8);
    expect(direct('test_type:data')).toHaveLength(9);
    expect(direct('test_type:unit')).toEqual([]);
    expect(usageText(() => direct('test_type:fuzzy'))).toMatch(/Valid values: generic, singular, unit, data/);
  });

  it('matches the generic test name, optionally namespaced', () => {
    expect(direct('test_name:not_null')).toEqual(['not_null_stg_customers_customer_id', 'source_not_null_raw_orders_id']);
    expect(direct('test_name:expression_is_true')).toEqual(['expression_is_true_orders_amount']);
    expect(direct('test_name:dbt_utils.expression_is_true')).toEqual(['expression_is_true_orders_amount']);
    expect(direct('test_name:relationships')).toEqual(['relationships_customer_ltv_customer_id', 'relationships_orders_customer_id']);
  });
});

describe('methods that cannot work', () => {
  it('names an unknown method and lists the valid ones', () => {
    const text = usageText(() => selectNodes(m, { select: ['tags:nightly'] }));
    expect(text).toContain('Unknown selector method "tags" in "tags:nightly". Did you mean \'tag\'?');
    for (const method of ['tag', 'path', 'config', 'source', 'resource_type', 'test_type', 'test_name', 'fqn', 'package']) {
      expect(text).toContain(method);
    }
  });

  it('refuses stateful methods with a hint instead of silently selecting nothing', () => {
    // clv framework: state: works with --state (tests/framework-state); without it, it still refuses with a hint.
    expect(() => selectNodes(m, { select: ['state:modified+'] })).toThrow(/state:modified.*needs a previous manifest/);
    expect(() => selectNodes(m, { select: ['result:error'] })).toThrow(/result:.*not supported/);
  });

  it('accepts dbt resource methods for resources this runner lacks, selecting nothing', () => {
    expect(direct('exposure:weekly_kpis')).toEqual([]);
  });
});
