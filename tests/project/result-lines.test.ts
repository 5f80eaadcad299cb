// The cached whole result as lines of JSON (runner/project/result-lines.ts): read back exactly as written,
// whatever the lines' lengths and characters, and a file cut short reads as no result (a cold compile).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedResult } from '../../runner/compile/cache.js';
import { readResultLines, resultLines } from '../../runner/project/result-lines.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clv-result-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A result with `count` nodes; node 7 holds non-ASCII text, node 11 a text longer than the read buffer. */
function result(count: number): CachedResult {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const code = i === 7 ? "select 'café → ☃' as x" : i === 11 ? `select '${'y'.repeat(1_200_000)}' as long` : `select ${i} as id -- ${'z'.repeat(400)}`;
    nodes[`model.p.m${i}`] = { unique_id: null, compiled_code: code, depends_on: { nodes: [], macros: 0 } };
  }
  const manifest = { metadata: { project_name: 'p' }, nodes, sources: {}, macros: {}, _packed_shared: { configs: [] } };
  return { key: 'k1', envVars: { A: 'h' }, warnings: ['w'], logs: [], manifest: manifest as unknown as CachedResult['manifest'] };
}

async function write(name: string, value: CachedResult): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, [...resultLines(value)].join(''));
  return file;
}

describe('result lines', () => {
  it('read back as the same result, keys in the same order, over many lines', async () => {
    const value = result(3000);
    const file = await write('whole.json', value);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('{"key":"k1",')).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(10);
    const back = readResultLines(file);
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(Object.keys(back!.manifest)).toEqual(Object.keys(value.manifest));
  });

  it('read as no result when the file is cut short, empty or missing', async () => {
    const text = [...resultLines(result(3000))].join('');
    const lines = text.split('\n');
    const withoutLastNodeLine = [...lines.slice(0, -3), ...lines.slice(-2)].join('\n');
    for (const [name, body] of [['cut.json', text.slice(0, text.length - 30)], ['no-trailer.json', lines.slice(0, -2).join('\n') + '\n'], ['gap.json', withoutLastNodeLine], ['empty.json', '']]) {
      await writeFile(path.join(dir, name!), body!);
      expect(readResultLines(path.join(dir, name!))).toBeUndefined();
    }
    expect(readResultLines(path.join(dir, 'no-such-file.json'))).toBeUndefined();
  });
});
