/// <reference lib="dom" />
// The landing page: what the project holds, how the last run went, and — before any run — what to do.
import type { DocsData } from '../types.js';
import { fill, h } from './dom.js';

export function renderOverview(main: HTMLElement, data: DocsData): void {
  const count = (type: string) => data.nodes.filter((n) => n.type === type).length;
  const statuses = new Map<string, number>();
  for (const n of data.nodes) if (n.run) statuses.set(n.run.status, (statuses.get(n.run.status) ?? 0) + 1);
  const card = (label: string, n: number) => h('div', { class: 'card' }, h('div', { class: 'n' }, n.toLocaleString('en')), h('div', { class: 'muted' }, label));
  const run = data.lastRunAt
    ? h('div', {}, h('h2', {}, 'Last run'), h('p', {}, `clv ${data.lastRunCommand ?? 'run'} at ${data.lastRunAt}: `,
      ...[...statuses].map(([status, n]) => h('span', { class: `badge status-${status}` }, `${n} ${status}`))))
    : h('div', { class: 'empty', id: 'empty-state' },
      h('h2', {}, 'This project has not been run yet'),
      h('p', {}, 'The catalog below comes from the project files only. Build the project to fill in column types from the warehouse, test results, run timings and the report pages:'),
      h('p', {}, h('code', {}, 'clv build'), ' then ', h('code', {}, 'clv docs generate')));
  fill(main, 
    h('h1', {}, `${data.project}`),
    h('p', { class: 'muted' }, `Generated ${data.generatedAt} · target ${data.target} (${data.adapter})`),
    h('div', { class: 'cards' }, card('models', count('model')), card('seeds', count('seed')), card('sources', count('source')), card('tests', count('test'))),
    run,
    !data.catalogAvailable && data.lastRunAt ? h('p', { class: 'muted' }, `Column types unavailable: ${data.catalogNote ?? 'no catalog'}.`) : null,
    data.pages.length ? [h('h2', {}, 'Reports'), ...data.pages.map((p) => h('div', {}, h('a', { href: `#/page/${p.id}` }, p.title)))] : null,
    h('h2', {}, 'Explore'),
    h('p', {}, 'Browse nodes in the tree on the left, search names, descriptions and columns at the top, or open the ', h('a', { href: '#/lineage' }, 'lineage graph'), '.'),
  );
}
