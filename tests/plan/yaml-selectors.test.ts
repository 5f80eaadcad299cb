// `--selector name` with definitions from selectors.yml (as parsed YAML).
import { describe, expect, it } from 'vitest';
import { jaffle } from '../fixtures/plan/jaffle.js';
import { selectorsFile } from '../fixtures/plan/selectors.js';
import { namesWith, usageText } from './helpers.js';

const m = jaffle();
const bySelector = (selector: string, file: Record<string, unknown> = selectorsFile) =>
  namesWith(m, { selector, resourceTypes: ['model', 'seed', 'source'] }, file);

describe('YAML selectors', () => {
  it('reads a CLI-style string definition', () => {
    expect(bySelector('nightly_models')).toEqual(['orders', 'stg_orders']);
  });

  it('reads method/value with graph operator keys', () => {
    expect(bySelector('customers_and_children')).toEqual(['customer_ltv', 'customers']);
    expect(bySelector('one_up_from_customers')).toEqual(['country_codes', 'customers', 'int_order_payments', 'stg_customers']);
  });

  it('reads union with an exclude item, intersection, and the { method: value } shorthand', () => {
    expect(bySelector('staging_but_orders')).toEqual(['stg_customers', 'stg_payments']);
    expect(bySelector('nightly_marts')).toEqual(['orders']);
  });

  it('lets a selector use another one', () => {
    expect(bySelector('reuses_nightly')).toEqual(['orders', 'stg_orders']);
  });

  it('honours indirect_selection in a definition', () => {
    const names = namesWith(m, { selector: 'customers_cautious' }, selectorsFile);
    expect(names).toEqual(['customers', 'unique_customers_customer_id']);
  });

  it('applies the default selector only when nothing is selected on the command line', () => {
    const file = { selectors: [...(selectorsFile.selectors as object[]), { name: 'dflt', definition: 'tag:marts', default: true }] };
    expect(namesWith(m, { resourceTypes: ['model'] }, file)).toEqual(['customers', 'orders']);
    expect(namesWith(m, { select: ['stg_orders'], resourceTypes: ['model'] }, file)).toEqual(['stg_orders']);
  });

  it('explains unknown names, self references and mixing with --select', () => {
    expect(usageText(() => bySelector('nope'))).toMatch(/unknown selector "nope"[\s\S]*nightly_models/);
    expect(usageText(() => bySelector('nightly_model'))).toContain("Did you mean 'nightly_models'?");
    expect(usageText(() => bySelector('loop'))).toMatch(/loop → loop/);
    expect(usageText(() => namesWith(m, { selector: 'nightly_models', select: ['x'] }, selectorsFile))).toMatch(/cannot be combined/);
  });
});
