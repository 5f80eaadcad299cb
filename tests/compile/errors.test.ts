import { describe, expect, it } from 'vitest';
import { ProjectError } from '../../runner/errors.js';
import { compileError } from './helpers.js';

describe('errors that teach', () => {
  it('prints a dependency cycle as a path', async () => {
    const error = await compileError(['compile', 'cycle']);
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.message).toBe('dependency cycle: a → b → c → a');
  });

  it('names the file and line of a missing ref and suggests the closest name', async () => {
    const error = await compileError(['compile', 'missing_ref']);
    expect(error.message).toBe("ref('stg_order') does not match any model or seed");
    expect(error.location).toMatchObject({ file: 'models/orders.sql', line: 3 });
    expect(error.hint).toBe("Did you mean 'stg_orders'?");
  });

  it('names both files of duplicate model names', async () => {
    const error = await compileError(['compile', 'duplicate']);
    expect(error.message).toBe("two models are named 'orders': models/a/orders.sql and models/b/orders.sql");
  });

  it('reports YAML syntax errors with file and line', async () => {
    const error = await compileError(['compile', 'bad_yaml']);
    expect(error.message).toMatch(/^YAML syntax error: /);
    expect(error.location.file).toBe('models/schema.yml');
    expect(error.location.line).toBe(7);
  });

  it('reports an unknown schema YAML key with its line and the valid keys', async () => {
    const error = await compileError(['compile', 'unknown_key']);
    expect(error.format()).toMatch(/^models\/schema\.yml:4: unknown key 'descripton' in 'models\[0\]'\n  Did you mean 'description'\? Valid keys: access, columns, config/);
  });

  it('reports an unknown project.yml key with the valid keys', async () => {
    const error = await compileError(['compile', 'bad_project']);
    expect(error.location).toMatchObject({ file: 'project.yml', line: 2 });
    expect(error.message).toBe("unknown key 'modle-paths'");
    expect(error.hint).toContain("Did you mean 'model-paths'?");
    expect(error.hint).toContain('targets');
  });

  it('names the file and line of a template error', async () => {
    const error = await compileError(['compile', 'template_error']);
    expect(error.location).toMatchObject({ file: 'models/m.sql', line: 3 });
    expect(error.message).toContain('not_a_macro');
  });

  it('names a missing var and its file', async () => {
    const error = await compileError(['compile', 'missing_var']);
    expect(error.message).toBe("var('start_date') is not defined and has no default");
    expect(error.location).toMatchObject({ file: 'models/m.sql', line: 2 });
  });

  it('turns exceptions.raise_compiler_error into a ProjectError at the calling line', async () => {
    const error = await compileError(['compile', 'raise_error']);
    expect(error.message).toBe("x must be positive (in macro 'must_be_positive' from macros/check.sql)");
    expect(error.location).toMatchObject({ file: 'models/m.sql', line: 3 });
  });
});
