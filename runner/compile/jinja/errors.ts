// Turning Nunjucks errors into ProjectErrors that name the user's file and line.
import { ProjectError } from '../../errors.js';
import type { MacroMeta } from './runtime.js';

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
  clvMacro?: MacroMeta;
}

/**
 * `phase` matters for the line: the parser reports 1-based lines, while the runtime's `lineno` is the
 * 0-based line the generated code last passed (the call that failed).
 */
export function toProjectError(error: unknown, file: string, phase: 'parse' | 'render'): ProjectError {
  const err = error as NunjucksError;
  const cause = err.cause as NunjucksError | undefined;
  const inner = cause instanceof Error ? cause : err;
  const macro = err.clvMacro ?? cause?.clvMacro;
  const lineno = typeof err.lineno === 'number' ? (phase === 'render' ? err.lineno + 1 : err.lineno) : undefined;
  const colno = typeof err.colno === 'number' ? (phase === 'render' ? err.colno + 1 : err.colno) : undefined;
  const inMacro = macro?.name ? ` (in macro '${macro.name}'${macro.file ? ` from ${macro.file}` : ''})` : '';
  if (inner instanceof ProjectError) {
    return new ProjectError(`${inner.message}${inMacro}`, {
      location: { file: inner.location.file ?? file, line: inner.location.line ?? lineno, column: inner.location.line ? inner.location.column : colno },
      hint: inner.hint,
      cause: inner,
    });
  }
  const message = stripNunjucksPrefix(inner.message);
  return new ProjectError(`template error: ${message}${inMacro}`, {
    location: { file, line: lineno, column: colno },
    hint: hintFor(message),
    cause: inner,
  });
}

function stripNunjucksPrefix(message: string): string {
  return message.replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/^\s*Error: /, '').trim();
}

function hintFor(message: string): string | undefined {
  if (/Unable to call `([^`]+)`, which is undefined/.test(message)) {
    const name = /Unable to call `([^`]+)`/.exec(message)?.[1];
    return `'${name}' is not a macro or function here. Define it with {% macro ${name}(...) %} under macros/, or check the spelling.`;
  }
  if (/unknown block tag/.test(message)) return 'Supported tags: if, for, set, do, macro, call, filter, raw, test (in macros), docs (in .md files).';
  return undefined;
}
