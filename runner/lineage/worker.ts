// A lineage worker thread: parses models' SQL off the main thread. Its heap holds one query at a time, not
// the project's manifest, so the parser's allocations are collected cheaply.
import { parentPort } from 'node:worker_threads';
import { lineageOfInput, type LineageInput } from './analyze.js';

parentPort?.on('message', ({ seq, input }: { seq: number; input: LineageInput }) => {
  try {
    parentPort!.postMessage({ seq, result: lineageOfInput(input) });
  } catch (error) {
    parentPort!.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
});
