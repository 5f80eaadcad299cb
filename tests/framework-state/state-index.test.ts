// state_index.json: written beside manifest.json, read by --state instead of it only while it belongs to
// the manifest.json in the folder, and it gives the same state:modified verdicts as the full manifest.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../runner/api.js';
import type { Manifest } from '../../runner/manifest.js';
import { compareState } from '../../runner/state/compare.js';
import { readState } from '../../runner/state/read.js';
import { copyStateFixture, edit, saveState } from './helpers.js';

const fromIndex = (m: Manifest) => Object.values(m.nodes).every((n) => !('compiled_code' in n));

describe('state_index.json', () => {
  it('is read instead of manifest.json and marks the same nodes in the same categories', async () => {
    const state = await saveState(copyStateFixture('slim'), undefined, { index: true });
    const indexed = await readState(state);
    expect(fromIndex(indexed)).toBe(true);
    expect(readFileSync(join(state, 'state_index.json')).length).toBeLessThan(readFileSync(join(state, 'manifest.json')).length / 2);

    const dir = copyStateFixture('slim');
    edit(dir, 'macros/money.sql', (t) => t.replace('round({{ expr }}, 2)', 'round({{ expr }}, 3)'));
    edit(dir, 'models/marts/report_dates.sql', (t) => t.replace('as_of_date', 'as_of_date, 1 as version'));
    edit(dir, 'models/marts/_marts.yml', (t) => t.replace("The country's English name.", 'Country name, in English.'));
    const current = (await compileProject({ projectDir: dir })).manifest;
    const full = JSON.parse(readFileSync(join(state, 'manifest.json'), 'utf8')) as Manifest;
    const viaIndex = compareState(current, indexed);
    const viaManifest = compareState(current, { ...full, sources: full.sources ?? {}, vars: full.vars ?? {} });
    expect([...viaIndex.modified].map(([id, c]) => `${id}:${[...c].sort().join('+')}`).sort()).toEqual([
      'model.slim.country_revenue:persisted_descriptions', 'model.slim.report_dates:body', 'model.slim.stg_orders:macros',
    ]);
    expect(viaIndex).toEqual(viaManifest);
  });

  it('is ignored once manifest.json was replaced (another size, or the same size from another invocation)', async () => {
    const state = await saveState(copyStateFixture('slim'), undefined, { index: true });
    const file = join(state, 'manifest.json');
    const text = readFileSync(file, 'utf8');
    const id = (JSON.parse(text) as Manifest).metadata.invocation_id!;
    writeFileSync(file, text.replace(id, id.replace(/[0-9a-f]/g, (c) => (c === 'a' ? 'b' : 'a'))));
    expect(fromIndex(await readState(state))).toBe(false);
    writeFileSync(file, `${text}\n`);
    expect(fromIndex(await readState(state))).toBe(false);
    writeFileSync(file, text);
    expect(fromIndex(await readState(state))).toBe(true);
    rmSync(file);
    await expect(readState(state)).rejects.toThrow(/manifest.json does not exist/);
  });
});
