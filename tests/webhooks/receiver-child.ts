// The receiver as a separate process (for kill -9): argv database, port. Prints "ready <port>".
import { startListener } from '../../ingest/webhooks/listener.js';

const [database, port] = process.argv.slice(2);
const listener = await startListener({ database: database!, port: Number(port), secret: process.env['SHOPIFY_API_SECRET']!, batch: { intervalMs: 100, maxBatch: 500 }, log: () => undefined });
process.stdout.write(`ready ${listener.port}\n`);
process.on('SIGTERM', () => void listener.close().then(() => process.exit(0)));
