// `clv compile --watch`: compile, then recompile whenever a project file changes, printing each outcome
// (errors as file:line: message) at once and carrying on. Edits arrive in bursts (an editor writes a temp
// file, renames it, touches metadata), so changes are debounced and a change during a compile queues one
// more compile rather than overlapping two.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { loadProject } from '../project/load.js';

export interface WatchOptions {
  root: string;
  /** Quiet period after the last change before recompiling. */
  debounceMs?: number;
  target?: string;
  /** Runs one compile; the watcher reports what it throws. */
  compile: () => Promise<void>;
  onError: (error: unknown) => void;
  /** A change was seen in `file` (project-relative). */
  onChange?: (file: string) => void;
}

export interface Watcher {
  /** The folders being watched (project-relative). */
  folders: string[];
  /** Settles when the current compile (if any) ends. */
  idle(): Promise<void>;
  close(): void;
}

const DEFAULT_FOLDERS = ['models', 'macros', 'seeds', 'tests', 'snapshots', 'analyses'];
const CONFIG_FILES = new Set(['project.yml', 'dbt_project.yml', 'profiles.yml', 'selectors.yml']);

/** The folders compile reads, from project.yml (the defaults when it cannot be loaded right now). */
async function projectFolders(root: string, target?: string): Promise<string[]> {
  let folders = DEFAULT_FOLDERS;
  try {
    const { config } = await loadProject(root, { target });
    folders = [...config.modelPaths, ...config.macroPaths, ...config.seedPaths, ...config.testPaths, ...config.docsPaths, ...config.snapshotPaths, ...(config.analysisPaths ?? [])];
  } catch {
    // A broken project.yml is reported by the compile itself; keep watching the usual folders meanwhile.
  }
  return [...new Set(folders)].filter((folder) => existsSync(join(root, folder)));
}

export async function startWatch(options: WatchOptions): Promise<Watcher> {
  const root = resolve(options.root);
  const debounceMs = options.debounceMs ?? 100;
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let again = false;
  let closed = false;

  const compileOnce = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        try {
          await options.compile();
        } catch (error) {
          options.onError(error);
        }
      } while (again && !closed);
    } finally {
      busy = false;
    }
  };
  const changed = (file: string) => {
    if (closed) return;
    options.onChange?.(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = compileOnce();
    }, debounceMs);
  };

  const folders = await projectFolders(root, options.target);
  for (const folder of folders) {
    const watcher = watch(join(root, folder), { recursive: true }, (_event, name) => {
      if (name && !String(name).split(sep).some((part) => part.startsWith('.'))) changed(relative(root, join(root, folder, String(name))));
    });
    watcher.on('error', options.onError);
    watchers.push(watcher);
  }
  // The project folder itself only for the config files: target/ and the DuckDB file change on every build.
  const top = watch(root, (_event, name) => {
    if (name && CONFIG_FILES.has(String(name))) changed(String(name));
  });
  top.on('error', options.onError);
  watchers.push(top);

  running = compileOnce();
  return {
    folders,
    idle: () => running,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
