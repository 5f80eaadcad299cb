// Plain-JSON views of nodes for tests that compare a warehouse with the truth: lazy fields are resolved,
// references to other records (order.customer, line.product/variant, variant.product) become { __typename, id }
// and internal fields (prefixed "__" other than __typename) are dropped.
type Obj = Record<string, unknown>;

const REFERENCES = new Set(['customer', 'product', 'variant']);

export function toPlain(value: unknown, key = ''): unknown {
  let v = value;
  if (typeof v === 'function') v = (v as (a: Obj) => unknown)({});
  if (Array.isArray(v)) return v.map((x) => toPlain(x));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Obj;
  if (REFERENCES.has(key)) return { __typename: o.__typename, id: o.id };
  const out: Obj = {};
  for (const [k, x] of Object.entries(o)) {
    if (k.startsWith('__') && k !== '__typename') continue;
    out[k] = toPlain(x, k);
  }
  return out;
}
