// What each command plans, in what order, and what every planned node waits for.
import { describe, expect, it } from 'vitest';
import { ProjectError } from '../../runner/errors.js';
import { plan } from '../../runner/plan/index.js';
import { ManifestBuilder } from '../fixtures/plan/builder.js';
import { id, jaffle } from '../fixtures/plan/jaffle.js';
import { dependsOn, expectValidPlan, planned, usageText } from './helpers.js';

const m = jaffle();

describe('run', () => {
  const p = plan(m, { command: 'run', selection: {} });

  it('plans models only, never ephemeral ones (they are inlined), in DAG order', () => {
    expectValidPlan(p);
    expect(p.command).toBe('run');
    expect([...planned(p)].sort()).toEqual([id.customerLtv, id.customers, id.orders, id.stgCustomers, id.stgOrders, id.stgPayments].sort());
    expect(p.selected).toContain(id.intOrderPayments);
    expect(p.nodes.every((n) => n.resourceType === 'model')).toBe(true);
  });

  it('waits through an ephemeral model for what it reads', () => {
    expect(dependsOn(p, id.customers)).toEqual([id.stgCustomers, id.stgOrders, id.stgPayments]);
    expect(dependsOn(p, id.orders)).toEqual([id.stgOrders, id.stgPayments]);
    expect(dependsOn(p, id.customerLtv)).toEqual([id.customers, id.orders]);
    expect(p.nodes.find((n) => n.uniqueId === id.stgOrders)!.dependents.sort()).toEqual([id.customers, id.orders]);
  });

  it('keeps order across unselected nodes: c waits for a in a -> b -> c when only a and c run', () => {
    const q = plan(m, { command: 'run', selection: { select: ['stg_orders customer_ltv'] } });
    expectValidPlan(q);
    expect(planned(q)).toEqual([id.stgOrders, id.customerLtv]);
    expect(dependsOn(q, id.customerLtv)).toEqual([id.stgOrders]);
  });

  it('selecting a source with + runs what reads it, not the source', () => {
    const q = plan(m, { command: 'run', selection: { select: ['source:raw.payments+'] } });
    expect([...planned(q)].sort()).toEqual([id.customerLtv, id.customers, id.orders, id.stgPayments].sort());
  });

  it('plans nothing when the selection matches nothing', () => {
    const q = plan(m, { command: 'run', selection: { select: ['tag:no_such_tag'] } });
    expect(q.nodes).toEqual([]);
    expect(q.selected).toEqual([]);
  });
});

describe('seed, test, compile, ls', () => {
  it('seed plans seeds', () => {
    expect(planned(plan(m, { command: 'seed', selection: {} }))).toEqual([id.countryCodes]);
  });

  it('test plans tests without waiting on anything, grouped in model order', () => {
    const p = plan(m, { command: 'test', selection: {} });
    expectValidPlan(p);
    expect(p.nodes).toHaveLength(9);
    expect(p.nodes.every((n) => n.resourceType === 'test' && n.dependsOn.length === 0)).toBe(true);
    const at = (t: string) => planned(p).indexOf(t);
    expect(at(id.testSourceOrders)).toBeLessThan(at(id.testStgOrdersUnique));
    expect(at(id.testStgOrdersUnique)).toBeLessThan(at(id.testCustomers));
    expect(at(id.testCustomers)).toBeLessThan(at(id.testLtv));
  });

  it('compile plans every selected model (ephemeral too), seed and test', () => {
    const p = plan(m, { command: 'compile', selection: { select: ['int_order_payments'] } });
    expect(planned(p)).toEqual([id.intOrderPayments]);
  });

  it('ls lists sources too and honours --resource-type', () => {
    const p = plan(m, { command: 'ls', selection: { resourceTypes: ['source'] } });
    expect([...p.selected].sort()).toEqual([id.rawCustomers, id.rawOrders, id.rawPayments]);
    expect(plan(m, { command: 'ls', selection: {} }).selected).toHaveLength(Object.keys(m.nodes).length + 3);
  });
});

describe('build', () => {
  const p = plan(m, { command: 'build', selection: {} });
  const at = (node: string) => planned(p).indexOf(node);

  it('plans seeds, models (not ephemeral) and tests in a valid order', () => {
    expectValidPlan(p);
    expect(p.nodes).toHaveLength(1 + 6 + 9);
    expect(planned(p)).not.toContain(id.intOrderPayments);
  });

  it('gives tests the nodes they test as dependencies', () => {
    expect(dependsOn(p, id.testStgOrdersUnique)).toEqual([id.stgOrders]);
    expect(dependsOn(p, id.testRelationships)).toEqual([id.customers, id.orders]);
    expect(dependsOn(p, id.testSourceOrders)).toEqual([]); // sources are never planned
  });

  it('runs each node\'s tests right after it', () => {
    expect(at(id.testStgCustomers)).toBe(at(id.stgCustomers) + 1);
    expect([at(id.testStgOrdersUnique), at(id.testStgOrdersStatus)].sort()).toEqual([at(id.stgOrders) + 1, at(id.stgOrders) + 2]);
    expect(at(id.testRelationships)).toBeLessThan(at(id.customerLtv));
  });

  it('makes downstream nodes wait for the tests of what they read (so a failing test skips them)', () => {
    expect(dependsOn(p, id.stgOrders)).toEqual([id.testSourceOrders]);
    expect(dependsOn(p, id.orders)).toEqual([id.stgOrders, id.stgPayments, id.testStgOrdersStatus, id.testStgOrdersUnique].sort());
    expect(dependsOn(p, id.customers)).toEqual(
      [id.countryCodes, id.stgCustomers, id.stgOrders, id.stgPayments, id.testStgCustomers, id.testStgOrdersStatus, id.testStgOrdersUnique].sort(),
    );
    expect(dependsOn(p, id.customerLtv)).toEqual(
      [id.customers, id.orders, id.testCustomers, id.testOrdersExpression, id.testRelationships].sort(),
    );
  });

  it('never makes a node wait for a test that reads it (relationships test to an upstream model)', () => {
    expect(dependsOn(p, id.customerLtv)).not.toContain(id.testLtvRelationships);
    expect(dependsOn(p, id.testLtvRelationships)).toEqual([id.customerLtv, id.customers]);
    // orders -> customers relationships: customers is not downstream of orders, so only customer_ltv waits.
    expect(dependsOn(p, id.customers)).not.toContain(id.testRelationships);
  });

  it('carries test gates across unselected nodes', () => {
    const q = plan(m, { command: 'build', selection: { select: ['stg_orders customer_ltv'] } });
    expectValidPlan(q);
    expect(dependsOn(q, id.customerLtv)).toEqual([id.stgOrders, id.testStgOrdersStatus, id.testStgOrdersUnique].sort());
  });

  it('a test whose other parent is not selected waits only for what is planned', () => {
    const q = plan(m, { command: 'build', selection: { select: ['customers'] } });
    expectValidPlan(q);
    expect(planned(q).sort()).toEqual([id.customers, id.testLtvRelationships, id.testRelationships, id.testCustomers].sort());
    expect(dependsOn(q, id.testRelationships)).toEqual([id.customers]);
  });

  it('without tests (--resource-type model seed) nothing waits for tests', () => {
    const q = plan(m, { command: 'build', selection: { resourceTypes: ['model', 'seed'] } });
    expect(dependsOn(q, id.stgOrders)).toEqual([]);
    expect(dependsOn(q, id.customerLtv)).toEqual([id.customers, id.orders]);
  });
});

describe('full refresh', () => {
  it('follows --full-refresh unless a node\'s full_refresh config says otherwise', () => {
    const p = plan(m, { command: 'run', selection: {}, fullRefresh: true });
    const refresh = (node: string) => p.nodes.find((n) => n.uniqueId === node)!.fullRefresh;
    expect(refresh(id.customers)).toBe(true);
    expect(refresh(id.orders)).toBe(false); // config full_refresh: false protects it
    expect(plan(m, { command: 'run', selection: {} }).nodes.every((n) => !n.fullRefresh)).toBe(true);
  });
});

describe('retry', () => {
  it('re-plans the previous command for what failed or was skipped', () => {
    const p = plan(m, {
      command: 'retry',
      selection: {},
      retry: {
        command: 'build',
        statuses: { [id.stgOrders]: 'success', [id.customers]: 'error', [id.testCustomers]: 'skipped', [id.customerLtv]: 'skipped', [id.testStgOrdersStatus]: 'warn' },
      },
    });
    expectValidPlan(p);
    expect(p.command).toBe('build');
    expect(planned(p)).toEqual([id.customers, id.testCustomers, id.customerLtv]);
    expect(dependsOn(p, id.customerLtv)).toEqual([id.customers, id.testCustomers]);
  });

  it('explains that there is nothing to retry without a previous run', () => {
    expect(usageText(() => plan(m, { command: 'retry', selection: {} }))).toMatch(/Nothing to retry/);
  });
});

describe('graph problems', () => {
  it('reports a cycle with its path', () => {
    const manifest = new ManifestBuilder().model('a', { refs: ['c'] }).model('b', { refs: ['a'] }).model('c', { refs: ['b'] }).build();
    let error: unknown;
    try {
      plan(manifest, { command: 'run', selection: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    const message = (error as ProjectError).message;
    expect(message).toMatch(/Dependency cycle: model\.proj\.\w → model\.proj\.\w → model\.proj\.\w → model\.proj\.\w/);
    const path = message.replace('Dependency cycle: ', '').split(' → ');
    expect(path[0]).toBe(path[3]);
    // each step follows a real edge
    for (let i = 0; i < 3; i++) expect(manifest.nodes[path[i + 1]!]!.depends_on.nodes).toContain(path[i]);
  });

  it('prints a real path through a cycle with extra edges inside it', () => {
    // a -> b -> c -> d -> a, plus b -> d: the strongly connected component is {a, b, c, d}
    const manifest = new ManifestBuilder()
      .model('a', { refs: ['d'] })
      .model('b', { refs: ['a'] })
      .model('c', { refs: ['b'] })
      .model('d', { refs: ['c', 'b'] })
      .model('downstream', { refs: ['d'] })
      .build();
    let message = '';
    try {
      plan(manifest, { command: 'run', selection: {} });
    } catch (e) {
      message = (e as Error).message;
    }
    const path = message.replace('Dependency cycle: ', '').split(' → ');
    expect(path.length).toBeGreaterThanOrEqual(4);
    expect(path[0]).toBe(path[path.length - 1]);
    for (let i = 0; i + 1 < path.length; i++) expect(manifest.nodes[path[i + 1]!]!.depends_on.nodes).toContain(path[i]);
    expect(path).not.toContain('model.proj.downstream');
  });

  it('ignores disabled nodes', () => {
    const manifest = new ManifestBuilder().model('a').model('b', { refs: ['a'], config: { enabled: false } }).build();
    expect(planned(plan(manifest, { command: 'run', selection: {} }))).toEqual(['model.proj.a']);
  });
});
