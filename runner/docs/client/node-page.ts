/// <reference lib="dom" />
// A catalog page: what the node is, where it lives, its columns with warehouse types and tests, its last
// run, its neighbours and its SQL. SQL comes from sql.js, loaded on first view.
import type { DocsData, DocsNode } from '../types.js';
import { badge, fill, h, seconds } from './dom.js';

function loadSql(): Promise<void> {
  if (window.__CLV_DOCS_SQL__) return Promise.resolve();
  return new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = 'sql.js';
    script.onload = () => ok();
    script.onerror = () => fail(new Error('sql.js missing'));
    document.head.append(script);
  });
}

function runLine(node: DocsNode): HTMLElement {
  if (!node.run) return h('span', { class: 'muted' }, node.type === 'source' ? 'sources are not run' : 'not run yet');
  const { status, executionTime, message, failures, completedAt } = node.run;
  return h('span', {}, badge(status, `status-${status}`), ` in ${seconds(executionTime)}`,
    failures ? ` · ${failures} failing row(s)` : '', completedAt ? h('span', { class: 'muted' }, ` · ${completedAt}`) : null,
    message && message !== 'OK' ? h('div', { class: 'muted' }, message) : null);
}

function sqlTabs(node: DocsNode): HTMLElement {
  const pre = h('pre', { class: 'sql' }, 'Loading…');
  const buttons: HTMLButtonElement[] = [];
  const show = (which: 'compiled' | 'raw') => {
    for (const b of buttons) b.classList.toggle('active', b.dataset.which === which);
    loadSql().then(() => {
      pre.textContent = window.__CLV_DOCS_SQL__?.[node.id]?.[which] ?? '(no SQL)';
    }, () => (pre.textContent = '(sql.js could not be loaded)'));
  };
  for (const which of ['compiled', 'raw'] as const) {
    const b = h('button', { 'data-which': which, onclick: () => show(which) }, which === 'raw' ? 'Source' : 'Compiled');
    buttons.push(b);
  }
  show('compiled');
  return h('div', {}, h('div', { class: 'tabs' }, ...buttons), pre);
}

export function renderNode(main: HTMLElement, data: DocsData, node: DocsNode, nodeHref: (id: string) => string, childrenOf: (id: string) => string[]): void {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const link = (id: string) => h('a', { href: nodeHref(id) }, byId.get(id)?.name ?? id);
  const testCell = (ids: string[]) => ids.map((id) => {
    const t = byId.get(id);
    const status = t?.run?.status;
    return h('span', { class: `badge ${status ? `status-${status}` : ''}`, title: t?.run?.message ?? 'not run yet' }, shortTest(t));
  });
  const columns = node.columns.length
    ? h('table', { class: 'columns' },
      h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Type'), h('th', {}, 'Description'), h('th', {}, 'Tests'), node.columns.some((c) => c.lineage) ? h('th', {}, 'Upstream') : null),
      ...node.columns.map((c) => h('tr', { 'data-column': c.name }, h('td', {}, h('code', {}, c.name)), h('td', {}, c.type ?? h('span', { class: 'muted' }, '—')), h('td', {}, c.description),
        h('td', {}, ...testCell(c.tests)),
        node.columns.some((x) => x.lineage) ? h('td', {}, ...(c.lineage ?? []).map((ref) => {
          const at = ref.lastIndexOf('.');
          return h('div', {}, h('a', { href: nodeHref(ref.slice(0, at)) }, `${byId.get(ref.slice(0, at))?.name ?? ref.slice(0, at)}.${ref.slice(at + 1)}`));
        })) : null)))
    : h('p', { class: 'muted' }, 'No columns documented or found in the warehouse.');
  const tests = node.tests.map((id) => byId.get(id)).filter((t): t is DocsNode => !!t);
  const parents = node.dependsOn;
  const children = childrenOf(node.id);
  fill(main, 
    h('div', { class: 'muted' }, node.type, ' · ', node.path),
    h('h1', {}, node.name),
    h('div', {}, node.materialized ? badge(node.materialized) : null, ...node.tags.map((t) => badge(`#${t}`)),
      node.inWarehouse === false ? badge('not in warehouse', 'status-skipped') : null,
      node.type !== 'test' ? h('a', { href: `#/lineage/${encodeURIComponent(`+${node.name}+`)}` }, ' view lineage') : null),
    h('p', {}, node.description || h('span', { class: 'muted' }, 'No description. Add one in the YAML beside the model.')),
    h('table', { class: 'details' },
      node.relation ? h('tr', {}, h('th', {}, 'Relation'), h('td', {}, h('code', {}, node.relation))) : null,
      h('tr', {}, h('th', {}, 'Last run'), h('td', {}, runLine(node))),
      node.attachedTo ? h('tr', {}, h('th', {}, 'Tests'), h('td', {}, link(node.attachedTo), node.columnName ? ` · column ${node.columnName}` : '')) : null,
      h('tr', {}, h('th', {}, 'Unique id'), h('td', {}, h('code', {}, node.id)))),
    node.type !== 'test' ? [h('h2', {}, 'Columns'), columns] : null,
    tests.length ? [h('h2', {}, `Tests (${tests.length})`), h('table', { class: 'tests' }, h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Column'), h('th', {}, 'Last result')),
      ...tests.map((t) => h('tr', {}, h('td', {}, link(t.id)), h('td', {}, t.columnName ?? ''), h('td', {}, runLine(t)))))] : null,
    h('h2', {}, 'Depends on'), parents.length ? h('div', {}, ...parents.map((p) => h('div', {}, link(p)))) : h('p', { class: 'muted' }, 'Nothing upstream.'),
    h('h2', {}, 'Referenced by'), children.length ? h('div', {}, ...children.map((c) => h('div', {}, link(c)))) : h('p', { class: 'muted' }, 'Nothing downstream.'),
    node.type === 'model' || node.type === 'test' ? [h('h2', {}, 'SQL'), sqlTabs(node)] : null,
  );
}

function shortTest(test: DocsNode | undefined): string {
  if (!test) return '?';
  for (const name of ['not_null', 'unique', 'accepted_values', 'relationships']) if (test.name.startsWith(name)) return name;
  return test.name.length > 28 ? `${test.name.slice(0, 26)}…` : test.name;
}
