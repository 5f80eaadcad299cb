// One root error with subclasses that carry a location and a hint (SQLMesh's shape). The CLI maps
// ProjectError to exit code 2; node failures are data in run results, never thrown past the scheduler.

export interface Location {
  file?: string;
  line?: number;
  column?: number;
}

export class ClvError extends Error {
  readonly location: Location;
  readonly hint?: string;

  constructor(message: string, options: { location?: Location; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.location = options.location ?? {};
    this.hint = options.hint;
  }

  /** `file:line:col: message\n  hint` — the form every CLI error is printed in. */
  format(): string {
    const { file, line, column } = this.location;
    const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ` : '';
    return `${where}${this.message}${this.hint ? `\n  ${this.hint}` : ''}`;
  }
}

/** The project's files are wrong: bad YAML, unknown key, missing ref, cycle, template error. Exit code 2. */
export class ProjectError extends ClvError {}

/** The command line is wrong. Exit code 2. */
export class UsageError extends ClvError {}

/** The warehouse refused or failed a statement. Carried into run results as a node error. */
export class DatabaseError extends ClvError {}
