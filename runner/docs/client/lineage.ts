/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The lineage page: dagre lays out the focused subgraph left to right; SVG renders it; wheel zooms around
// the cursor, drag pans, hover highlights a node's direct neighbours, click opens the catalog page and
// double-click refocuses on `+node+`.
import { Graph, layout } from '@dagrejs/dagre';
import type { DocsData } from '../types.js';
import { fill, h, s } from './dom.js';
import { buildGraph, hub, parseSelector, selectSubgraph, edgesWithin, type LineageGraph } from './graph.js';

const CAP = 250;
let cached: { data: DocsData; graph: LineageGraph } | undefined;

function graphOf(data: DocsData): LineageGraph {
  if (cached?.data !== data) {
    const nodes = data.nodes.filter((n) => n.type !== 'test').map((n) => ({ id: n.id, name: n.name, parents: n.dependsOn }));
    cached = { data, graph: buildGraph(nodes) };
  }
  return cached.graph;
}

function draw(svg: SVGSVGElement, graph: LineageGraph, data: DocsData, ids: Set<string>, edges: [string, string][], focus: string | undefined): void {
  const types = new Map(data.nodes.map((n) => [n.id, n.type]));
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 60, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: Math.min(260, 24 + 7 * graph.nodes.get(id)!.name.length), height: 28 });
  for (const [a, b] of edges) g.setEdge(a, b);
  layout(g);
  svg.replaceChildren();
  const viewport = s('g', { class: 'viewport' });
  for (const e of g.edges()) {
    const points = g.edge(e).points ?? [];
    const d = points.map((p: { x: number; y: number }, i: number) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    viewport.append(s('path', { class: 'lineage-edge', d, 'data-edge': `${e.v}|${e.w}`, 'marker-end': 'url(#arrow)' }));
  }
  for (const id of ids) {
    const n = g.node(id);
    const node = s('g', { class: `lineage-node t-${types.get(id)}${id === focus ? ' focus' : ''}`, 'data-node-id': id, transform: `translate(${n.x - n.width / 2},${n.y - n.height / 2})` },
      s('rect', { width: n.width, height: n.height, rx: 4 }),
      s('text', { x: 10, y: 18 }, graph.nodes.get(id)!.name),
      s('title', {}, `${id}\nclick: open · double-click: focus +node+`));
    viewport.append(node);
  }
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#aab2c0' })));
  svg.append(defs, viewport);
  const size = g.graph();
  interact(svg, viewport, size.width ?? 100, size.height ?? 100, edges);
}

function interact(svg: SVGSVGElement, viewport: SVGElement, width: number, height: number, edges: [string, string][]): void {
  let view = { x: 0, y: 0, k: 1 };
  const apply = () => viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
  const fit = () => {
    const box = svg.getBoundingClientRect();
    const k = Math.min(1.5, (box.width || 800) / width, (box.height || 600) / height);
    view = { k, x: ((box.width || 800) - width * k) / 2, y: ((box.height || 600) - height * k) / 2 };
    apply();
  };
  fit();
  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    const factor = Math.exp(-event.deltaY * 0.0015);
    const k = Math.max(0.05, Math.min(4, view.k * factor));
    const mx = event.clientX - box.left, my = event.clientY - box.top;
    view = { k, x: mx - ((mx - view.x) * k) / view.k, y: my - ((my - view.y) * k) / view.k };
    apply();
  }, { passive: false });
  let drag: { x: number; y: number } | undefined;
  svg.addEventListener('mousedown', (e) => { drag = { x: e.clientX - view.x, y: e.clientY - view.y }; svg.classList.add('dragging'); });
  window.addEventListener('mousemove', (e) => { if (drag) { view.x = e.clientX - drag.x; view.y = e.clientY - drag.y; apply(); } });
  window.addEventListener('mouseup', () => { drag = undefined; svg.classList.remove('dragging'); });
  (svg as unknown as { fit: () => void }).fit = fit;
  const neighbours = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    (neighbours.get(a) ?? neighbours.set(a, new Set()).get(a)!).add(b);
    (neighbours.get(b) ?? neighbours.set(b, new Set()).get(b)!).add(a);
  }
  svg.addEventListener('mouseover', (e) => {
    const node = (e.target as Element).closest('.lineage-node');
    if (!node) return;
    const id = node.getAttribute('data-node-id')!;
    const near = neighbours.get(id) ?? new Set();
    svg.classList.add('hovering');
    for (const el of svg.querySelectorAll('.lineage-node')) el.classList.toggle('hl', el === node || near.has(el.getAttribute('data-node-id')!));
    for (const el of svg.querySelectorAll('.lineage-edge')) {
      const [a, b] = el.getAttribute('data-edge')!.split('|');
      el.classList.toggle('hl', a === id || b === id);
    }
  });
  svg.addEventListener('mouseout', (e) => {
    if ((e.target as Element).closest('.lineage-node')) svg.classList.remove('hovering');
  });
}

export function renderLineage(main: HTMLElement, data: DocsData, selectorText: string | undefined, nodeHref: (id: string) => string): void {
  const graph = graphOf(data);
  const input = h('input', { type: 'text', placeholder: '+model+, 2+model, model+1 …', value: selectorText ?? '', 'aria-label': 'Lineage selector' });
  const note = h('span', { class: 'muted lineage-note' });
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.id = 'lineage-canvas';
  const bar = h('div', { class: 'lineage-bar' }, h('strong', {}, 'Focus'), input,
    h('button', { onclick: () => (location.hash = `#/lineage/${encodeURIComponent(input.value.trim())}`) }, 'Show'),
    h('button', { onclick: () => (svg as unknown as { fit?: () => void }).fit?.() }, 'Fit'), note);
  input.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') location.hash = `#/lineage/${encodeURIComponent(input.value.trim())}`; });
  fill(main, h('h1', {}, 'Lineage'), bar, svg);
  svg.addEventListener('click', (e) => {
    const node = (e.target as Element).closest('.lineage-node');
    if (node && e.detail === 1) setTimeout(() => { if (!svg.dataset.dbl) location.hash = nodeHref(node.getAttribute('data-node-id')!); delete svg.dataset.dbl; }, 250);
  });
  svg.addEventListener('dblclick', (e) => {
    const node = (e.target as Element).closest('.lineage-node');
    if (!node) return;
    svg.dataset.dbl = '1';
    location.hash = `#/lineage/${encodeURIComponent(`+${graph.nodes.get(node.getAttribute('data-node-id')!)!.name}+`)}`;
  });
  if (graph.nodes.size === 0) {
    note.textContent = 'The project has no models, seeds or sources yet.';
    return;
  }
  let text = selectorText;
  if (!text && graph.nodes.size <= CAP) {
    const ids = new Set(graph.nodes.keys());
    note.textContent = `${ids.size} nodes`;
    draw(svg, graph, data, ids, edgesWithin(graph, ids), undefined);
    return;
  }
  if (!text) {
    text = `1+${graph.nodes.get(hub(graph)!)!.name}+1`;
    input.value = text;
  }
  const selector = parseSelector(graph, text);
  if (!selector) {
    note.textContent = `No node matches '${text}'. Use a model, seed or source name, e.g. +customers+.`;
    return;
  }
  const sub = selectSubgraph(graph, selector, CAP);
  note.textContent = sub.trimmedTo === undefined
    ? `${sub.ids.size} of ${graph.nodes.size} nodes`
    : `${sub.selected} nodes selected; showing ${sub.ids.size} within ${sub.trimmedTo} hops (narrow with e.g. 2+name+2)`;
  draw(svg, graph, data, sub.ids, sub.edges, selector.id);
}
