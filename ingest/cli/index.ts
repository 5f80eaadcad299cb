// What bin/main.ts composes into `clv`, and what `clv demo` calls programmatically.
export { ingestCommand, formatSummary, resolveDatabase } from './ingest.js';
export { credentialsCommand, setShopifyCredentials } from './credentials.js';
export { runIngest, type IngestOptions, type IngestSummary } from '../run.js';
export { flagDeletedFromWebhook } from '../sync/reconcile.js';
export { IngestError, IngestCallerError, IngestTransientError } from '../client/errors.js';
