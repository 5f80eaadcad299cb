/// <reference lib="dom" />
// The sidebar: nodes grouped by type and folder, with a quick name filter. Tests are left out (they are
// listed on the pages of the nodes they test) so 5,000 models stay browsable.
import type { DocsData, DocsNode } from '../types.js';
import { h } from './dom.js';

function folderOf(node: DocsNode): string {
  const parts = node.path.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : '(root)';
}

export function renderTree(aside: HTMLElement, data: DocsData, nodeHref: (id: string) => string): void {
  const groups = new Map<string, DocsNode[]>();
  for (const node of data.nodes) {
    if (node.type === 'test') continue;
    const key = node.type === 'source' ? `sources/${node.id.split('.')[2] ?? ''}` : folderOf(node);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(node);
  }
  const filter = h('input', { type: 'search', placeholder: 'Filter nodes', 'aria-label': 'Filter nodes' });
  const list = h('div', {});
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    list.replaceChildren(...[...groups].sort(([a], [b]) => a.localeCompare(b)).map(([folder, nodes]) => {
      const shown = nodes.filter((n) => !q || n.name.toLowerCase().includes(q)).sort((a, b) => a.name.localeCompare(b.name));
      if (!shown.length) return '';
      return h('details', { open: !!q || groups.size <= 12 }, h('summary', {}, `${folder} (${shown.length})`),
        ...shown.slice(0, 500).map((n) => h('a', { href: nodeHref(n.id), title: n.id }, n.name)),
        shown.length > 500 ? h('div', { class: 'muted' }, `… ${shown.length - 500} more: filter by name`) : null);
    }));
  };
  filter.addEventListener('input', draw);
  draw();
  aside.replaceChildren(filter, list);
}
