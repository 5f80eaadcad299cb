// Commands are registered by summary and loaded when they run (runner/cli/lazy.ts). The summary is what
// `clv --help` lists and what yargs routes by, so it must say exactly what the loaded command says.
import { describe, expect, it } from 'vitest';
import { runnerCommands } from '../../runner/cli/index.js';
import type { LazyCommand } from '../../runner/cli/lazy.js';
import { productCommands } from '../../bin/main.js';

const summary = (command: { command?: unknown; aliases?: unknown; describe?: unknown }) => ({ command: command.command, aliases: command.aliases, describe: command.describe });

describe('lazily loaded commands', () => {
  it.each([...runnerCommands, ...productCommands].map((command) => [String(command.command), command as LazyCommand]))('%s: the summary is the loaded command\'s own', async (_name, command) => {
    expect(typeof command.load).toBe('function');
    const loaded = await command.load();
    expect(summary(command)).toEqual(summary(loaded));
    expect(typeof loaded.handler).toBe('function');
  });

  it('names every command once', () => {
    const names = [...runnerCommands, ...productCommands].flatMap((command) => [command.command, command.aliases ?? []].flat()).map((name) => String(name).split(' ')[0]);
    expect(new Set(names).size).toBe(names.length);
  });
});
