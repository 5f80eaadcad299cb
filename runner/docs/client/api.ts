/// <reference lib="dom" />
// The client-side contract between the generic site and extra pages (bundled separately, e.g. the CLV
// report): pages register a render function on window.clvDocs and get links into the catalog.
import type { DocsData, DocsNode, DocsSql } from '../types.js';

export interface PageApi {
  data: DocsData;
  /** Link to a node's catalog page by unique_id or by name. */
  nodeHref(idOrName: string): string;
  node(idOrName: string): DocsNode | undefined;
}

/** Renders into `el`; may return a cleanup function called when the user navigates away. */
export type PageRender = (el: HTMLElement, pageData: unknown, api: PageApi) => void | (() => void);

export interface ClvDocsGlobal {
  registerPage(id: string, render: PageRender): void;
}

declare global {
  interface Window {
    __CLV_DOCS_DATA__: DocsData;
    __CLV_DOCS_SQL__?: DocsSql;
    clvDocs: ClvDocsGlobal;
  }
}
