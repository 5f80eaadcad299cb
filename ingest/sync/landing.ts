// Landing files: a page becomes a JSONL file the warehouse engine reads itself.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LandOptions, LandResult, RawWriter } from '../warehouse/writer.js';
import { flattenNode, toJsonl, type Json } from './flatten.js';

export async function tempFile(suffix: string): Promise<string> {
  const dir = path.join(os.tmpdir(), 'clv-ingest');
  await fs.mkdir(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
}

export async function landNodes(writer: RawWriter, nodes: Json[], options: LandOptions, parentIds?: string[]): Promise<LandResult> {
  if (nodes.length === 0) {
    if (options.state) await writer.writeState(options.state.stream, options.state.cursor);
    return { rows: {}, roots: 0, total: 0 };
  }
  const lines: Json[] = [];
  nodes.forEach((node, i) => flattenNode(node, lines, parentIds?.[i]));
  const file = await tempFile('.jsonl');
  try {
    await fs.writeFile(file, toJsonl(lines));
    return await writer.land(file, options);
  } finally {
    await fs.rm(file, { force: true });
  }
}
