// Lineage selection (pure): selector parsing and the depth-trimmed focused subgraph used at 5,000 models.
import { describe, expect, it } from 'vitest';
import { buildGraph, parseSelector, selectSubgraph } from '../../runner/docs/client/graph.js';

// a -> b -> c -> d, and x -> c
const graph = buildGraph([
  { id: 'model.p.a', name: 'a', parents: [] },
  { id: 'model.p.b', name: 'b', parents: ['model.p.a'] },
  { id: 'model.p.x', name: 'x', parents: [] },
  { id: 'model.p.c', name: 'c', parents: ['model.p.b', 'model.p.x'] },
  { id: 'model.p.d', name: 'd', parents: ['model.p.c'] },
]);

describe('lineage selectors', () => {
  it('parses dbt graph operators with and without depths', () => {
    expect(parseSelector(graph, '+c+')).toEqual({ id: 'model.p.c', up: Infinity, down: Infinity });
    expect(parseSelector(graph, '1+c')).toEqual({ id: 'model.p.c', up: 1, down: 0 });
    expect(parseSelector(graph, 'b+2')).toEqual({ id: 'model.p.b', up: 0, down: 2 });
    expect(parseSelector(graph, 'model.p.d')).toEqual({ id: 'model.p.d', up: 0, down: 0 });
    expect(parseSelector(graph, '+nope+')).toBeUndefined();
  });

  it('selects ancestors and descendants with the edges between them', () => {
    const sub = selectSubgraph(graph, parseSelector(graph, '1+c')!, 100);
    expect([...sub.ids].sort()).toEqual(['model.p.b', 'model.p.c', 'model.p.x']);
    expect(sub.edges.sort()).toEqual([['model.p.b', 'model.p.c'], ['model.p.x', 'model.p.c']]);
    expect(selectSubgraph(graph, parseSelector(graph, '+c+')!, 100).ids.size).toBe(5);
  });

  it('trims a selection above the cap to the deepest complete hop', () => {
    const sub = selectSubgraph(graph, parseSelector(graph, '+c+')!, 4);
    expect(sub.selected).toBe(5);
    expect(sub.trimmedTo).toBe(1);
    expect([...sub.ids].sort()).toEqual(['model.p.b', 'model.p.c', 'model.p.d', 'model.p.x']);
  });
});
