/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The docs site's client: a hash router over the embedded data (data.js). Routes: #/ overview,
// #/node/<unique_id>, #/lineage[/<selector>], #/search/<query>, #/page/<extra page id>.
import type { DocsNode } from '../types.js';
import type { PageApi, PageRender } from './api.js';
import { h } from './dom.js';
import { renderLineage } from './lineage.js';
import { renderNode } from './node-page.js';
import { renderOverview } from './overview.js';
import { renderSearch } from './search.js';
import { renderTree } from './tree.js';

const data = window.__CLV_DOCS_DATA__;
const pages = new Map<string, PageRender>();
window.clvDocs = { registerPage: (id, render) => void pages.set(id, render) };

const byId = new Map(data.nodes.map((n) => [n.id, n]));
const byName = new Map<string, DocsNode>();
for (const n of data.nodes) if (n.type !== 'test' && !byName.has(n.name)) byName.set(n.name, n);
const children = new Map<string, string[]>();
for (const n of data.nodes) for (const p of n.dependsOn) (children.get(p) ?? children.set(p, []).get(p)!).push(n.id);

const lookup = (idOrName: string) => byId.get(idOrName) ?? byName.get(idOrName);
const nodeHref = (idOrName: string) => `#/node/${encodeURIComponent(lookup(idOrName)?.id ?? idOrName)}`;
const api: PageApi = { data, nodeHref, node: lookup };

let cleanup: (() => void) | void;

function layout(): { main: HTMLElement; nav: HTMLElement } {
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search models, columns, descriptions…', 'aria-label': 'Search' });
  let timer: number | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => (location.hash = `#/search/${encodeURIComponent(search.value)}`), 150);
  });
  const nav = h('nav', {}, h('a', { href: '#/' }, 'Overview'), h('a', { href: '#/lineage' }, 'Lineage'),
    ...data.pages.map((p) => h('a', { href: `#/page/${p.id}` }, p.title)));
  const aside = h('aside', { class: 'tree' });
  const main = h('main', { id: 'main' });
  document.getElementById('app')!.replaceChildren(
    h('header', { class: 'top' }, h('span', { class: 'brand' }, `${data.project} docs`), nav, search),
    h('div', { class: 'layout' }, aside, main));
  renderTree(aside, data, nodeHref);
  return { main, nav };
}

function route(main: HTMLElement, nav: HTMLElement): void {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const [, section = '', ...rest] = location.hash.replace(/^#/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.getAttribute('href') === `#/${section}${section === 'page' ? `/${arg}` : ''}`);
  window.scrollTo(0, 0);
  if (section === 'node') {
    const node = lookup(arg);
    if (node) renderNode(main, data, node, nodeHref, (id) => children.get(id) ?? []);
    else main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, `No node '${arg}' in this project.`));
  } else if (section === 'lineage') {
    renderLineage(main, data, arg || undefined, nodeHref);
  } else if (section === 'search') {
    const box = document.getElementById('search') as HTMLInputElement;
    if (box.value !== arg) box.value = arg;
    renderSearch(main, data, arg, nodeHref);
  } else if (section === 'page') {
    const page = data.pages.find((p) => p.id === arg);
    const render = pages.get(arg);
    main.replaceChildren();
    if (page && render) cleanup = render(main, page.data, api);
    else main.append(h('h1', {}, 'Not found'), h('p', {}, `No page '${arg}'.`));
  } else {
    renderOverview(main, data);
  }
  document.body.dataset.route = section || 'overview';
}

document.addEventListener('DOMContentLoaded', () => {
  const { main, nav } = layout();
  window.addEventListener('hashchange', () => route(main, nav));
  route(main, nav);
});
