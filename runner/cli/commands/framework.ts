// The framework-depth commands (issue 9), listed once so runner/cli/index.ts needs a single line.
import type { AnyCommand } from '../index.js';
import { retryCommand } from './retry.js';
import { showCommand } from './show.js';
import { sourceCommand } from './source.js';
import { lineageCommand } from './lineage.js'; // clv lineage
import { initCommand } from './init.js';

export const frameworkCommands: AnyCommand[] = [retryCommand, showCommand, sourceCommand, initCommand, lineageCommand];
