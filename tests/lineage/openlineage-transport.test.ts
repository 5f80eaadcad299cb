// The OpenLineage config (flags + the clients' env vars) and the HTTP transport's guarantees: a run's events
// in order, a bounded wait at the end, failures as one warning that never shows the key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lineageEndpoint, openLineageConfig, printableUrl } from '../../runner/lineage/openlineage-config.js';
import { httpTransport } from '../../runner/lineage/openlineage-transport.js';
import type { RunEventJson } from '../../runner/lineage/openlineage-events.js';

const event = (runId: string, eventType: RunEventJson['eventType']): RunEventJson => ({
  eventType, eventTime: new Date().toISOString(), run: { runId }, job: { namespace: 'ns', name: 'job' }, inputs: [], outputs: [], producer: 'p', schemaURL: 's',
});

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('openLineageConfig', () => {
  it('is off without a file or URL, and with OPENLINEAGE_DISABLED', () => {
    expect(openLineageConfig({}, {})).toBeUndefined();
    expect(openLineageConfig({ openlineageFile: 'x.ndjson' }, { OPENLINEAGE_DISABLED: 'true' })).toBeUndefined();
  });

  it('reads the OpenLineage clients\' env vars; the flag wins over OPENLINEAGE_URL', () => {
    const config = openLineageConfig({}, { OPENLINEAGE_URL: 'http://env:5000/', OPENLINEAGE_ENDPOINT: '/api/v2/events', OPENLINEAGE_API_KEY: 'k', OPENLINEAGE_NAMESPACE: 'prod' })!;
    expect(config).toMatchObject({ url: 'http://env:5000/', apiKey: 'k', namespace: 'prod' });
    expect(lineageEndpoint(config)).toBe('http://env:5000/api/v2/events');
    expect(lineageEndpoint(openLineageConfig({ openlineageUrl: 'http://flag:1' }, { OPENLINEAGE_URL: 'http://env:5000' })!)).toBe('http://flag:1/api/v1/lineage');
  });

  it('prints URLs without credentials or query strings', () => {
    expect(printableUrl('https://user:pw@catalog.example:8443/api/v1/lineage?token=abc')).toBe('https://catalog.example:8443/api/v1/lineage');
  });
});

describe('httpTransport', () => {
  it('delivers a run\'s START before its COMPLETE even when the first POST is slow', async () => {
    const seen: string[] = [];
    let first = true;
    const url = await listen((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { eventType, run } = JSON.parse(body);
        const reply = () => { seen.push(`${run.runId}:${eventType}`); res.end(); };
        if (first) { first = false; setTimeout(reply, 100); } else reply();
      });
    });
    const transport = httpTransport(openLineageConfig({ openlineageUrl: url }, {})!);
    transport.send(event('a', 'START'));
    transport.send(event('a', 'COMPLETE'));
    transport.send(event('b', 'START'));
    expect(await transport.close()).toEqual([]);
    expect(seen.indexOf('a:START')).toBeLessThan(seen.indexOf('a:COMPLETE'));
    expect(seen).toHaveLength(3);
  });

  it('stops waiting for a catalog that never answers and reports it in one warning without the key', async () => {
    const url = await listen(() => { /* never responds */ });
    const config = { ...openLineageConfig({ openlineageUrl: url }, { OPENLINEAGE_API_KEY: 'secret-key' })!, timeoutMs: 60_000, flushTimeoutMs: 200 };
    const transport = httpTransport(config);
    transport.send(event('a', 'START'));
    const warnings = await transport.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('1 of 1 events were not delivered');
    expect(warnings[0]).not.toContain('secret-key');
  });

  it('reports HTTP errors and drops events beyond the queue bound', async () => {
    const url = await listen((_req, res) => { res.writeHead(401).end(); });
    const transport = httpTransport({ ...openLineageConfig({ openlineageUrl: url }, {})!, maxQueue: 2 });
    for (const id of ['a', 'b', 'c']) transport.send(event(id, 'START'));
    const [warning] = await transport.close();
    expect(warning).toContain('3 of 3 events were not delivered');
    expect(warning).toContain('HTTP 401');
    expect(warning).toContain('1 dropped because more than 2 were waiting');
  });
});
