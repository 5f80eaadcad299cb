import type { ShopifyClient } from '../client/shopify.js';
import type { ChildSizes, StreamName } from '../queries.js';
import type { RawWriter } from '../warehouse/writer.js';

export interface StreamProgress {
  stream: StreamName;
  phase: string;
  records: number;
}

export interface SyncContext {
  client: ShopifyClient;
  writer: RawWriter;
  childSizes: ChildSizes;
  /** Allowance for index lag and clock skew: windows end this far before the server's now. */
  lagSeconds: number;
  /** Re-read this much before the high-water mark (late index writes, equal timestamps). */
  lookbackSeconds: number;
  /** Server time (ms): the `Date` of the latest response, advanced by the local clock since. */
  serverNow(): number;
  report(progress: StreamProgress): void;
  log(message: string): void;
}

export interface StreamSummary {
  stream: StreamName;
  mode: 'paginated' | 'bulk';
  records: number;
  pages: number;
  highWater?: string;
}
