// Writes the static site: index.html, the client bundles and the data as plain scripts. Data is a script,
// not a .json file, because browsers refuse fetch() from file:// and the site must open by double-click.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocsData, DocsSql } from './types.js';
import { SITE_CSS } from './style.js';

export interface SiteFile {
  path: string;
  bytes: number;
}

/** JSON.parse of a string literal parses faster than an object literal of the same size. */
const dataScript = (global: string, value: unknown): string =>
  `window.${global}=JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' })[c]};`);

function indexHtml(data: DocsData, pageScripts: string[]): string {
  const scripts = ['data.js', 'app.js', ...pageScripts].map((s) => `<script src="${s}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.project)} docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
</head>
<body>
<div id="app"><noscript>This documentation site needs JavaScript.</noscript></div>
${scripts}
</body>
</html>
`;
}

export interface SiteContent {
  data: DocsData;
  sql: DocsSql;
  appBundle: string;
  /** page id -> bundle */
  pageBundles: Map<string, string>;
  catalogJson?: string;
}

export async function writeSite(dir: string, content: SiteContent): Promise<SiteFile[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pageScripts = [...content.pageBundles.keys()].map((id) => `page-${id}.js`);
  const files = new Map<string, string>([
    ['index.html', indexHtml(content.data, pageScripts)],
    ['style.css', SITE_CSS],
    ['app.js', content.appBundle],
    ['data.js', dataScript('__CLV_DOCS_DATA__', content.data)],
    ['sql.js', dataScript('__CLV_DOCS_SQL__', content.sql)],
  ]);
  for (const [id, code] of content.pageBundles) files.set(`page-${id}.js`, code);
  if (content.catalogJson) files.set('catalog.json', content.catalogJson);
  await Promise.all([...files].map(([name, text]) => writeFile(join(dir, name), text)));
  return [...files].map(([name, text]) => ({ path: name, bytes: Buffer.byteLength(text) }));
}
