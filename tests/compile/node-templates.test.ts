import { describe, expect, it } from 'vitest';
import { compileTemplates, emptyTemplates, toTemplate } from '../../runner/compile/node-templates.js';

const node = (name: string) => ({
  name: `unique_${name}_id`,
  depends_on: { nodes: [`model.p.${name}`], macros: ['macro.clv.test_unique'] },
  compiled_code: `select id from "db"."main"."${name}" group by id having count(*) > 1`,
  kwargs: { [`${name}_key`]: 1, __proto__: 'kept as a key' },
  values: [1, true, null, 'x'],
});

describe('node templates', () => {
  it('share one template between nodes that differ only by a name, and give each node back exactly', () => {
    const templates = emptyTemplates();
    const names = ['orders', 'customers', 'stg_shop__orders'];
    const packed = names.map((name) => toTemplate(templates, JSON.parse(JSON.stringify(node(name))), name));
    expect(templates.texts.length).toBeLessThan(names.length);
    const build = compileTemplates(templates.texts);
    packed.forEach((entry, i) => {
      expect(entry).toBeDefined();
      const [at, name] = entry!;
      const rebuilt = build[at]!(name);
      expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(JSON.parse(JSON.stringify(node(names[i]!)))));
      expect(Object.getPrototypeOf(rebuilt.kwargs)).toBe(Object.prototype);
    });
    // Each call builds a fresh node, and fresh parts where the name is: filling one node never changes another.
    const [at] = packed[0]!;
    const [x, y] = [build[at]!('x'), build[at]!('y')] as unknown as ReturnType<typeof node>[];
    expect(x).not.toBe(y);
    expect(x.depends_on).not.toBe(y.depends_on);
    expect(x.depends_on.nodes).toEqual(['model.p.x']);
    // A part without the name is built once per template and shared, like a test's config in a cold compile.
    expect(x.depends_on.macros).toBe(y.depends_on.macros);
    expect(x.values).toBe(y.values);
  });

  it('leave a node alone when templating could not give it back', () => {
    const templates = emptyTemplates();
    expect(toTemplate(templates, { text: 'already has \u0001 in it', name: 'orders' }, 'orders')).toBeUndefined();
    expect(toTemplate(templates, { name: 'id' }, 'id')).toBeUndefined();
    expect(toTemplate(templates, { name: 'orders' }, 'customers')).toBeUndefined();
    // The name matched inside `null` / inside the escape `\n`: not a hole in a string.
    expect(toTemplate(templates, { a: null, b: 'x' }, 'ull')).toBeUndefined();
    expect(toTemplate(templates, { a: 'line\name_x' }, 'name_x')).toBeUndefined();
    // JSON escapes these characters, so the name's text is not found as is.
    expect(toTemplate(templates, node('a "quoted" name'), 'a "quoted" name')).toBeUndefined();
    expect(toTemplate(templates, node('back\\slash'), 'back\\slash')).toBeUndefined();
    expect(templates.texts).toEqual([]);
  });

  it('build data only, whatever a (tampered) template text holds', () => {
    const build = compileTemplates(['{"a":"\\u0001\\"); globalThis.hacked = true; (\\"","b":["\\u0001"]}']);
    const out = build[0]!('n');
    expect((globalThis as { hacked?: boolean }).hacked).toBeUndefined();
    expect(out).toEqual({ a: 'n"); globalThis.hacked = true; ("', b: ['n'] });
  });
});
