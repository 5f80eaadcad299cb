/// <reference lib="dom" />
// Full-text search with MiniSearch (small, maintained, prefix + fuzzy, no server): one document per node
// and one per column, built on the first search so the first render pays nothing for it.
import MiniSearch from 'minisearch';
import type { DocsData } from '../types.js';
import { fill, h } from './dom.js';

interface SearchDoc {
  id: string;
  kind: 'node' | 'column';
  nodeId: string;
  name: string;
  type: string;
  description: string;
  columns: string;
  tags: string;
}

/** Identifiers are searched whole and by their snake_case parts: `cohort_size`, `cohort`, `size`. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/[\s,;:()'"`[\]{}<>=|/\\.]+/)) {
    if (!token) continue;
    out.push(token);
    if (token.includes('_') || token.includes('-')) out.push(...token.split(/[_-]+/).filter(Boolean));
  }
  return out;
}

let index: { data: DocsData; search: MiniSearch<SearchDoc> } | undefined;

function indexOf(data: DocsData): MiniSearch<SearchDoc> {
  if (index?.data === data) return index.search;
  const search = new MiniSearch<SearchDoc>({
    fields: ['name', 'description', 'columns', 'tags'],
    storeFields: ['kind', 'nodeId', 'name', 'type', 'description'],
    tokenize,
    processTerm: (term) => term.toLowerCase(),
    searchOptions: { boost: { name: 4, columns: 1.5 }, prefix: true, fuzzy: 0.15, combineWith: 'AND' },
  });
  const docs: SearchDoc[] = [];
  for (const node of data.nodes) {
    if (node.type === 'test') continue;
    docs.push({ id: node.id, kind: 'node', nodeId: node.id, name: node.name, type: node.type, description: node.description, columns: node.columns.map((c) => c.name).join(' '), tags: node.tags.join(' ') });
    for (const column of node.columns) {
      docs.push({ id: `${node.id}#${column.name}`, kind: 'column', nodeId: node.id, name: column.name, type: column.type ?? '', description: column.description, columns: '', tags: '' });
    }
  }
  search.addAll(docs);
  index = { data, search };
  return search;
}

export function renderSearch(main: HTMLElement, data: DocsData, query: string, nodeHref: (id: string) => string): void {
  const names = new Map(data.nodes.map((n) => [n.id, n]));
  const results = query.trim() ? indexOf(data).search(query).slice(0, 100) : [];
  const items = results.map((r) => {
    const node = names.get(r.nodeId as string);
    const label = r.kind === 'column'
      ? [h('span', { class: 'badge' }, 'column'), h('a', { href: nodeHref(r.nodeId as string) }, h('strong', {}, r.name as string)), ' in ', node?.name ?? '', r.type ? h('span', { class: 'muted' }, ` ${r.type}`) : null]
      : [h('span', { class: 'badge' }, node?.type ?? 'node'), h('a', { href: nodeHref(r.id) }, h('strong', {}, r.name as string))];
    return h('li', { class: `result result-${r.kind}`, 'data-id': r.id }, ...label, r.description ? h('div', { class: 'muted' }, r.description as string) : null);
  });
  fill(main, 
    h('h1', {}, `Search: ${query}`),
    h('p', { class: 'muted' }, results.length ? `${results.length} result(s)` : 'No matches. Search looks in names, descriptions, columns and tags.'),
    h('ul', { class: 'search-results' }, ...items),
  );
}
