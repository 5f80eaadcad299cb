#!/usr/bin/env node
// The CLI is compiled by `npm run build` (run on `npm install` by the prepare script).
import { main } from '../dist/bin/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
