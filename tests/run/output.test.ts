// Console output (runner/log) and the CLI's pure helpers.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../runner/cli/commands/debug.js';
import { toInvocation } from '../../runner/cli/options.js';
import { parseVars } from '../../runner/cli/vars.js';
import { UsageError } from '../../runner/errors.js';
import { finishBlock, finishLine, startLine, summarize } from '../../runner/log/format.js';
import { createLogger } from '../../runner/log/logger.js';
import type { NodeResult } from '../../runner/run/types.js';
import { loadFixture } from './manifestFixture.js';

const { manifest } = loadFixture('branches', 'dev');
const view = manifest.nodes['model.branches.a']!;
const table = manifest.nodes['model.branches.b']!;
const result = (over: Partial<NodeResult>): NodeResult => ({
  unique_id: view.unique_id, status: 'success', message: 'OK', timing: [], thread_id: 'Thread-1', execution_time: 0.0234,
  adapter_response: {}, failures: null, compiled_path: 'target/compiled/branches/models/b.sql', relation_name: null, ...over,
});

function capture() {
  let text = '';
  const stream = new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) });
  return { stream, text: () => text };
}

describe('dbt-style lines', () => {
  it('numbers START and OK lines and aligns the status column', () => {
    const start = startLine(1, 12, view).text;
    const ok = finishLine(1, 12, view, result({})).text;
    expect(start).toMatch(/^1 of 12 START sql view model main\.a \.+ \[RUN\]$/);
    expect(ok).toMatch(/^1 of 12 OK created sql view model main\.a \.+ \[OK in 0\.02s\]$/);
    expect(start.indexOf('[')).toBe(ok.indexOf('['));
    expect(finishLine(2, 12, table, result({ status: 'error' })).text).toMatch(/2 of 12 ERROR creating sql table model main\.b \.+ \[ERROR in/);
    expect(finishLine(3, 12, table, result({ status: 'skipped' })).text).toMatch(/3 of 12 SKIP relation main\.b \.+ \[SKIP\]/);
  });

  it('summarizes with error details and the Done line', () => {
    const results = [
      result({}),
      result({ unique_id: table.unique_id, status: 'error', message: 'Catalog Error: Table with name no_such_table does not exist!' }),
      result({ unique_id: 'model.branches.c', status: 'skipped' }),
    ];
    expect(summarize(results)).toEqual({ pass: 1, warn: 0, error: 1, skip: 1, total: 3 });
    const text = finishBlock({ started_at: '', elapsed_time: 1.5, results, statements: {} }, manifest.nodes).map((l) => l.text).join('\n');
    expect(text).toContain('Finished running 2 view models, 1 table model in 1.50s.');
    expect(text).toContain('Error in model b (models/b.sql)');
    expect(text).toContain('  Catalog Error: Table with name no_such_table does not exist!');
    expect(text).toContain('  compiled code at target/compiled/branches/models/b.sql');
    expect(text.endsWith('Done. PASS=1 WARN=0 ERROR=1 SKIP=1 TOTAL=3')).toBe(true);
  });

  it('writes plain text without colour codes when not a TTY, and one JSON object per line in json format', () => {
    const plain = capture();
    createLogger({ format: 'text', out: plain.stream, err: plain.stream }).event({ type: 'node_finish', index: 1, total: 1, node: view, result: result({}) }, manifest.nodes);
    expect(plain.text()).toMatch(/^\d\d:\d\d:\d\d {2}1 of 1 OK created/);
    expect(plain.text()).not.toContain('\x1b[');
    const json = capture();
    const logger = createLogger({ format: 'json', out: json.stream, err: json.stream });
    logger.event({ type: 'node_start', index: 1, total: 1, node: view, threadId: 'Thread-1' }, manifest.nodes);
    logger.info('hello');
    const lines = json.text().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 'info', data: { event: 'node_start', unique_id: 'model.branches.a', thread_id: 'Thread-1' } });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'hello' });
  });
});

describe('cli helpers', () => {
  it('parses --vars as YAML or JSON mappings and rejects anything else', () => {
    expect(parseVars('{start_date: 2024-01-01, n: 2}')).toEqual({ start_date: '2024-01-01', n: 2 });
    expect(parseVars('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseVars(undefined)).toBeUndefined();
    expect(() => parseVars('[1]')).toThrow(UsageError);
    expect(() => parseVars('{a: [}')).toThrow(/--vars is not valid YAML/);
  });

  it('turns flags into invocation options and rejects a bad --threads', () => {
    const options = toInvocation({ select: ['+orders'], threads: 4, fullRefresh: true, vars: '{a: 1}' });
    expect(options).toMatchObject({ select: ['+orders'], threads: 4, fullRefresh: true, vars: { a: 1 } });
    expect(options.args).toEqual({ select: ['+orders'], threads: 4, full_refresh: true, vars: '{a: 1}' });
    expect(() => toInvocation({ threads: 0 })).toThrow(/--threads must be a whole number/);
    expect(() => toInvocation({ threads: Number.NaN })).toThrow(UsageError);
  });

  it('masks secrets in debug output', () => {
    expect(maskSecrets({ account: 'xy123', user: 'me', password: 'hunter2', private_key_passphrase: 'p', token: '', schema: 'main' })).toEqual({
      account: 'xy123', user: 'me', password: '****', private_key_passphrase: '****', token: '', schema: 'main',
    });
  });
});
