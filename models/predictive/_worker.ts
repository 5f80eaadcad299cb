// CPU-bound model fitting on a worker thread, opt-in (a `_`-prefixed file is a module, not a DAG node). The runner
// runs every node on one JavaScript thread: a fit computing synchronously for seconds holds up every other
// node (SQL nodes cannot start, other fits wait), and the predictive nodes sit at the end of the DAG where
// little else runs. A model file serves named jobs (`serveJobs` at its top level) and its run() hands them
// to `inWorker`: the worker imports the same bundled module (its own import.meta.url), runs the one job
// on plain data and posts the result back. Same code on the same inputs, so the same bits as inline.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

type Job = (input: never) => unknown;

interface JobRequest {
  clvJob: string;
  input: unknown;
}

type JobReply = { ok: true; value: unknown } | { ok: false; name: string; message: string; stack?: string };

const isJobRequest = (data: unknown): data is JobRequest =>
  typeof data === 'object' && data !== null && typeof (data as JobRequest).clvJob === 'string';

/** Inside a worker started by inWorker, runs the requested job and posts its result; a no-op elsewhere. */
export function serveJobs(jobs: Record<string, Job>): void {
  if (isMainThread || !parentPort || !isJobRequest(workerData)) return;
  const { clvJob, input } = workerData;
  let reply: JobReply;
  try {
    const job = jobs[clvJob];
    if (!job) throw new Error(`no job '${clvJob}' in this module (serves: ${Object.keys(jobs).join(', ')})`);
    reply = { ok: true, value: job(input as never) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { ok: false, name: e.name, message: e.message, stack: e.stack };
  }
  parentPort.postMessage(reply);
}

/** CLV_TS_MODEL_WORKERS: unset or `0` = inline on the runner's thread (the default), `1` = large jobs on
 * workers (size at least WORKER_MIN_SIZE), `always` = every job on a worker (tests compare that with inline).
 * Off by default because each worker starts a fresh isolate, loads the bundle and compiles it again: at 100k
 * customers the eight workers of a build cost ~2-3 CPU-s more than inline on this shared 2-core machine,
 * and they only pay back in wall time when a core would otherwise sit idle (the DAG's predictive tail). */
const workerSetting = (): string => process.env.CLV_TS_MODEL_WORKERS ?? '0';

/** With CLV_TS_MODEL_WORKERS=1, jobs smaller than this (tuples) run inline: starting a worker costs ~0.1-0.3
 * CPU-s, more than a fit over fewer tuples. */
export const WORKER_MIN_SIZE = 20_000;

/**
 * Runs `jobs[job](input)` of the module at `moduleUrl` (pass `import.meta.url`) on a worker thread; inline
 * when workers are off or the job is small (`size`, e.g. its tuples, below WORKER_MIN_SIZE). `input`
 * and the result must be structured-cloneable (plain data, typed arrays). A job's error is rethrown here
 * with its name and message.
 */
export function inWorker<J extends Record<string, Job>, K extends keyof J & string>(
  moduleUrl: string,
  jobs: J,
  job: K,
  input: Parameters<J[K]>[0],
  size = Infinity,
): Promise<ReturnType<J[K]>> {
  type O = ReturnType<J[K]>;
  // A worker loads plain JavaScript: the runner's bundled model (.mjs). Anything else (a .ts file imported
  // under a TypeScript loader) runs the job inline.
  const setting = workerSetting();
  const onWorker = setting === 'always' || (setting === '1' && size >= WORKER_MIN_SIZE);
  const inline = !onWorker || !/\.m?js$/.test(new URL(moduleUrl).pathname);
  if (inline) return Promise.resolve().then(() => (jobs[job] as unknown as (input: unknown) => O)(input));
  return new Promise<O>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(new URL(moduleUrl), { workerData: { clvJob: job, input } satisfies JobRequest });
    worker.once('message', (reply: JobReply) => {
      settled = true;
      if (reply.ok) resolve(reply.value as O);
      else reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker for job '${job}' exited with code ${code} before answering`));
      settled = true;
    });
  });
}
