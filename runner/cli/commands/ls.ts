// ls: the selected nodes, one per line, as dbt prints them.
import type { CommandModule } from 'yargs';
import { list } from '../../api.js';
import type { AnyNode } from '../../manifest.js';
import { loggerOf } from '../context.js';
import { toInvocation, withProject, withSelection, type CommonArgs } from '../options.js';

type Output = 'name' | 'path' | 'json' | 'selector';

function render(node: AnyNode, output: Output, keys: string[]): string {
  switch (output) {
    case 'name':
      return node.name;
    case 'path':
      return node.original_file_path;
    case 'selector':
      return node.fqn.join('.');
    case 'json': {
      const record: Record<string, unknown> = {
        name: node.name, resource_type: node.resource_type, package_name: node.package_name,
        original_file_path: node.original_file_path, unique_id: node.unique_id,
        alias: node.config.alias ?? node.relation.identifier, config: node.config, tags: node.tags, depends_on: node.depends_on,
        ...('source_name' in node ? { source_name: node.source_name } : {}),
        fqn: node.fqn, description: node.description, meta: node.meta,
      };
      // dbt's --output-keys: only these keys, in the order given (a key the node lacks is left out).
      return JSON.stringify(keys.length ? Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]])) : record);
    }
  }
}

/** `--output-keys name resource_type` or `--output-keys "name,resource_type"`, as dbt takes them. */
const keysOf = (value: string[] | undefined): string[] => (value ?? []).flatMap((part) => part.split(/[\s,]+/)).filter(Boolean);

export const lsCommand: CommandModule<object, CommonArgs & { output: Output; outputKeys?: string[] }> = {
  command: ['ls', 'list'],
  describe: 'List the selected nodes',
  builder: (y) =>
    withSelection(withProject(y))
      .option('resource-type', { type: 'string', array: true, choices: ['model', 'seed', 'test', 'source', 'snapshot', 'analysis'], describe: 'Only these resource types' })
      .option('output', { alias: 'o', type: 'string', choices: ['name', 'path', 'json', 'selector'], default: 'selector', describe: 'What to print per node' })
      .option('output-keys', { type: 'string', array: true, describe: 'With --output json: only these keys (e.g. name resource_type)' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const { nodes } = await list({ ...toInvocation(argv), onWarning: (m) => logger.warn(m) });
    const keys = keysOf(argv.outputKeys);
    if (nodes.length > 0) logger.raw(nodes.map((n) => render(n, argv.output, keys)).join('\n'));
  },
};
