// Entry point for spawning the runner CLI from TypeScript sources (tsx), as the watch test needs a real process.
import { runCli } from '../../runner/cli/index.js';

process.exitCode = await runCli(process.argv.slice(2));
