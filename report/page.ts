// The CLV report as an extra page of the generic docs site: registered from bin/main.ts, so runner/
// never learns about Shopify marts.
import { clientEntry } from '../runner/docs/bundle.js';
import type { DocsExtraPage } from '../runner/docs/types.js';
import { collectReport } from './collect.js';

export const clvReportPage: DocsExtraPage = {
  id: 'clv',
  title: 'CLV report',
  clientEntry: clientEntry(import.meta.url, './client/main.ts'),
  collect: collectReport,
};
