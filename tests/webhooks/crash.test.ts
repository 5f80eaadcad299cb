// kill -9 of the receiver mid-burst, restart: nothing lost. Unacknowledged deliveries are retried by the
// simulator; acknowledged but uncommitted ones are replayed from the journal.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebhookSender } from '../../ingest/simulator/webhooks/sender.js';
import { query, SECRET, tempDir } from './helpers.js';
import { churn, expectedOrders, ORDER_ROWS_SQL, quietStore } from './truth.js';

const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  return port;
}

async function startChild(db: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'receiver-child.ts'), db, String(port)], {
    env: { ...process.env, SHOPIFY_API_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('ready')) break;
  }
  return child;
}

describe('crash safety', () => {
  it('loses no event when the receiver is killed with SIGKILL mid-burst and restarted', async () => {
    const db = path.join(tempDir(), 'crash.duckdb');
    const port = await freePort();
    let child = await startChild(db, port);
    const store = quietStore(150, 5);
    const sender = startWebhookSender(store, { url: `http://127.0.0.1:${port}/webhooks`, secret: SECRET, concurrency: 16, reorderWindow: 16, retryDelaysMs: [100, 200, 400, 800, 1600, 3200, 6400, 12800] });
    const start = store.events.length;
    churn(store, 1500);
    // Kill once some deliveries are acknowledged but (with 100 ms batches) not all committed.
    while (sender.stats().acknowledged < 400) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await once(child, 'exit');
    const acknowledgedBeforeKill = sender.stats().acknowledged;
    child = await startChild(db, port);
    await sender.idle();
    // Let the restarted receiver commit, then stop it cleanly.
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    await once(child, 'exit');
    sender.close();
    const s = sender.stats();
    expect(acknowledgedBeforeKill).toBeGreaterThanOrEqual(400);
    expect(s.acknowledged).toBeLessThan(s.attempts); // some attempts failed while it was down or mid-request
    expect(s.gaveUp).toBe(0);
    const touched = new Set(store.events.slice(start).filter((e) => e.resource === 'Order' && e.topic !== 'orders/delete').map((e) => e.id));
    expect(await query(db, ORDER_ROWS_SQL)).toEqual(expectedOrders(store, touched));
    const [d] = await query<{ n: number }>(db, `SELECT count(DISTINCT event_id)::INTEGER AS n FROM raw_shopify._webhook_deliveries`);
    expect(d!.n).toBe(s.events);
  }, 120_000);
});
