// Compile benchmark: synthetic projects of 100 / 1,000 / 5,000 models. Every measurement runs in a fresh
// child process so "cold" really is cold (no warmed JIT or module caches); "warm" reuses the compile cache the
// cold run wrote. Times are loadProject + cache read + compile (what `clv compile` waits for before writing
// artifacts); peak RSS is the child's maxRSS. Targets (5,000 models): cold <= 2.0 s, warm <= 0.5 s, <= 300 MB.
// "cache write ms" is shown beside them because packing the cached result happens there (after the compile,
// beside writing manifest.json), so that work stays visible.
// The "clv compile" rows time the whole command a user runs (`clv compile` in a fresh node process: start-up,
// load, compile, plan, writing manifest.json, state_index.json and target/compiled/**); cold starts from no
// target folder, warm repeats it on the unchanged project. CPU and RSS there come from the child itself.
// The "clv start-up" rows time `clv --version` and `clv --help` in a fresh node process: what every command pays
// before its own work (each command's module, with DuckDB, Nunjucks..., loads only when it runs).
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, compileInputKey } from '../runner/compile/index.js';
import { cacheDir, readCompileCache, writeCompileCache } from '../runner/project/cache-io.js';
import { loadProject } from '../runner/project/load.js';
import type { RelationRef } from '../runner/manifest.js';
import { writeSyntheticProject } from './synthetic-project.js';

const SIZES = (process.env.BENCH_COMPILE_SIZES ?? '100,1000,5000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_COMPILE_RUNS ?? 5);
const here = path.dirname(fileURLToPath(import.meta.url));
const workRoot = path.resolve(here, '..', '..', 'bench', 'work');

const dialect = {
  name: 'duckdb',
  renderRelation: (r: RelationRef) => [r.database, r.schema, r.identifier].filter(Boolean).map((part) => `"${part}"`).join('.'),
};

interface Sample {
  ms: number;
  loadMs: number;
  compileMs: number;
  rssMb: number;
  /** user + system CPU of the measured section: less sensitive than wall time to a busy shared machine. */
  cpuMs: number;
  /** Cold only: writeCompileCache (packs and writes the cache files), not part of `ms`. */
  cacheWriteMs: number;
  nodes: number;
}

async function child(dir: string, mode: 'cold' | 'warm'): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const project = await loadProject(dir, { env: {} });
  const cacheFolder = cacheDir(project.root, project.config.targetPath);
  const cache = mode === 'warm' ? await readCompileCache(cacheFolder, { inputKey: compileInputKey(project, { dialect }) }) : undefined;
  const loaded = performance.now();
  const { manifest, cache: next } = compile(project, { dialect, cache, generatedAt: new Date().toISOString() });
  const done = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const writeStart = performance.now();
  if (mode === 'cold') await writeCompileCache(cacheFolder, next);
  const cacheWriteMs = mode === 'cold' ? performance.now() - writeStart : 0;
  const sample: Sample = {
    ms: done - start,
    loadMs: loaded - start,
    compileMs: done - loaded,
    rssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cacheWriteMs,
    nodes: Object.keys(manifest.nodes).length,
  };
  process.stdout.write(JSON.stringify(sample));
}

const clvBin = path.resolve(here, '..', '..', 'bin', 'clv.js');
// Reported by the CLI process itself on exit: its whole CPU time (start-up included) and peak RSS.
const exitReport = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nCLV_BENCH '+JSON.stringify({cpu:process.cpuUsage(),rss:process.resourceUsage().maxRSS})+'\\n'))`;

function measureCli(dir: string): Sample {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', exitReport, clvBin, 'compile', '--project-dir', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - start;
  const report = /CLV_BENCH (.*)/.exec(result.stderr)?.[1];
  if (result.status !== 0 || !report) throw new Error(`clv compile failed: ${result.stderr}`);
  const { cpu, rss } = JSON.parse(report) as { cpu: { user: number; system: number }; rss: number };
  const nodes = Number(/Compiled (\d+) nodes/.exec(result.stdout)?.[1] ?? 0);
  return { ms, loadMs: 0, compileMs: 0, rssMb: rss / 1024, cpuMs: (cpu.user + cpu.system) / 1000, cacheWriteMs: 0, nodes };
}

/** One `clv <args>` in a fresh node process (no project: start-up, argument parsing, printing). */
function measureStartup(args: string[]): Sample {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', exitReport, clvBin, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = performance.now() - start;
  const report = /CLV_BENCH (.*)/.exec(result.stderr)?.[1];
  if (result.status !== 0 || !report) throw new Error(`clv ${args.join(' ')} failed: ${result.stderr}`);
  const { cpu, rss } = JSON.parse(report) as { cpu: { user: number; system: number }; rss: number };
  return { ms, loadMs: 0, compileMs: 0, rssMb: rss / 1024, cpuMs: (cpu.user + cpu.system) / 1000, cacheWriteMs: 0, nodes: 0 };
}

function measure(dir: string, mode: 'cold' | 'warm'): Sample {
  const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', dir, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`compile bench child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const rows: Record<string, string | number>[] = [];
  const startup = (args: string[]) => {
    const samples = Array.from({ length: RUNS }, () => measureStartup(args));
    return {
      models: '',
      nodes: '',
      mode: `clv start-up (clv ${args.join(' ')})`,
      'median total ms': Math.round(median(samples.map((s) => s.ms))),
      'load ms': '',
      'compile ms': '',
      'median CPU ms': Math.round(median(samples.map((s) => s.cpuMs))),
      'peak RSS MB': Math.round(Math.max(...samples.map((s) => s.rssMb))),
      'cache write ms': '',
      target: '',
    };
  };
  rows.push(startup(['--version']), startup(['--help']));
  for (const size of SIZES) {
    const dir = path.join(workRoot, `compile-${size}`);
    await writeSyntheticProject(dir, size);
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    const cliCold: Sample[] = [];
    const cliWarm: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      await rm(path.join(dir, 'target'), { recursive: true, force: true });
      cold.push(measure(dir, 'cold'));
      warm.push(measure(dir, 'warm'));
      await rm(path.join(dir, 'target'), { recursive: true, force: true });
      cliCold.push(measureCli(dir));
      cliWarm.push(measureCli(dir));
    }
    const cli = (mode: string) => mode.startsWith('clv');
    const row = (mode: string, samples: Sample[], target: string) => ({
      models: size,
      nodes: samples[0]!.nodes,
      mode,
      'median total ms': Math.round(median(samples.map((s) => s.ms))),
      'load ms': cli(mode) ? '' : Math.round(median(samples.map((s) => s.loadMs))),
      'compile ms': cli(mode) ? '' : Math.round(median(samples.map((s) => s.compileMs))),
      'median CPU ms': Math.round(median(samples.map((s) => s.cpuMs))),
      'peak RSS MB': Math.round(Math.max(...samples.map((s) => s.rssMb))),
      'cache write ms': mode === 'cold' ? Math.round(median(samples.map((s) => s.cacheWriteMs))) : '',
      target: size === 5000 ? target : '',
    });
    rows.push(row('cold', cold, '<= 2000 ms, <= 300 MB'), row('warm', warm, '<= 500 ms, <= 300 MB'));
    rows.push(row('clv compile, cold', cliCold, ''), row('clv compile, warm', cliWarm, ''));
    await rm(dir, { recursive: true, force: true });
  }
  return { name: `compile (median of ${RUNS} runs, each in a fresh process)`, rows };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4] as 'cold' | 'warm');
}
