// Loading a TypeScript model: the bundle is reused while the files it was built from are unchanged, and
// rebuilt when any of them (here a helper module it imports) changes.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTypeScriptModel } from '../../runner/run/typescript/load.js';
import { fixture } from '../compile/helpers.js';

const project = mkdtempSync(path.join(os.tmpdir(), 'clv-ts-load-'));
cpSync(fixture('typescript-model-load'), project, { recursive: true });
afterAll(() => rmSync(project, { recursive: true, force: true }));

const cache = path.join(project, 'node_modules', '.cache', 'clv-ts-models');
const answerOf = async () => (await (await loadTypeScriptModel(project, 'models/answer.ts')).run({} as never)) as { answer: number }[];

describe('TypeScript model bundles', () => {
  it('reuses the bundle while its inputs are unchanged and rebuilds when an imported helper changes', async () => {
    expect(await answerOf()).toEqual([{ answer: 41 }]);
    const index = readdirSync(cache).find((f) => f.endsWith('inputs.json'))!;
    const inputs = JSON.parse(readFileSync(path.join(cache, index), 'utf8')) as { file: string; inputs: Record<string, string> };
    expect(Object.keys(inputs.inputs).sort()).toEqual(['models/_helper.ts', 'models/answer.ts', 'package.json', 'tsconfig.json']);
    expect(inputs.inputs['tsconfig.json']).toBe('missing');
    const bundles = () => readdirSync(cache).filter((f) => f.endsWith('.mjs'));
    expect(bundles()).toEqual([path.basename(inputs.file)]);

    // Unchanged inputs: the same bundle, and the index is not even rewritten (esbuild did not run).
    const indexWritten = statSync(path.join(cache, index)).mtimeMs;
    expect(await answerOf()).toEqual([{ answer: 41 }]);
    expect(bundles()).toEqual([path.basename(inputs.file)]);
    expect(statSync(path.join(cache, index)).mtimeMs).toBe(indexWritten);
    // A stale bundle would still say 41.
    writeFileSync(path.join(project, 'models/_helper.ts'), 'export const answer = (): number => 42;\n');
    expect(await answerOf()).toEqual([{ answer: 42 }]);
    expect(bundles()).not.toContain(path.basename(inputs.file));
    expect(existsSync(inputs.file)).toBe(false);
  });
});
