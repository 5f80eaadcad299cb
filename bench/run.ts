// `npm run bench`: runs every benchmark module and writes one markdown results table per run under
// bench/results/. Each module exports `run(): Promise<BenchResult>`; targets live in the modules' rows.
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
}

const here = dirname(fileURLToPath(import.meta.url));
const modules = ['compile', 'runner-overhead', 'stats', 'ingest', 'models', 'webhooks', 'docs', 'framework'];

function table(result: BenchResult): string {
  if (result.rows.length === 0) return `## ${result.name}\n\n(no rows)\n`;
  const columns = [...new Set(result.rows.flatMap((row) => Object.keys(row)))];
  const line = (cells: unknown[]) => `| ${cells.map((c) => String(c ?? '')).join(' | ')} |`;
  return [
    `## ${result.name}`,
    '',
    line(columns),
    line(columns.map(() => '---')),
    ...result.rows.map((row) => line(columns.map((c) => row[c]))),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: string[] = [];
  for (const name of modules) {
    if (only.length > 0 && !only.includes(name)) continue;
    const file = join(here, `${name}.js`);
    if (!existsSync(file)) continue;
    process.stdout.write(`bench ${name} ...\n`);
    const mod = (await import(file)) as { run: () => Promise<BenchResult> };
    const result = await mod.run();
    const text = table(result);
    process.stdout.write(`${text}\n`);
    sections.push(text);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const header = `# Benchmark results ${new Date().toISOString()}\n\nMachine: ${process.platform} ${process.arch}, node ${process.version}\n`;
  const out = join(here, '..', '..', 'bench', 'results');
  await mkdir(out, { recursive: true });
  const body = `${header}\n${sections.join('\n')}`;
  await writeFile(join(out, `${stamp}.md`), body);
  await writeFile(join(out, 'latest.md'), body);
  process.stdout.write(`results written to bench/results/${stamp}.md\n`);
}

await main();
