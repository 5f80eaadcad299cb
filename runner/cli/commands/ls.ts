// ls: the selected nodes, one per line, as dbt prints them.
import type { CommandModule } from 'yargs';
import { list } from '../../api.js';
import type { AnyNode } from '../../manifest.js';
import { loggerOf } from '../context.js';
import { toInvocation, withProject, withSelection, type CommonArgs } from '../options.js';

type Output = 'name' | 'path' | 'json' | 'selector';

function render(node: AnyNode, output: Output): string {
  switch (output) {
    case 'name':
      return node.name;
    case 'path':
      return node.original_file_path;
    case 'selector':
      return node.fqn.join('.');
    case 'json':
      return JSON.stringify({
        name: node.name, resource_type: node.resource_type, package_name: node.package_name,
        original_file_path: node.original_file_path, unique_id: node.unique_id,
        alias: node.config.alias ?? node.relation.identifier, config: node.config, tags: node.tags, depends_on: node.depends_on,
      });
  }
}

export const lsCommand: CommandModule<object, CommonArgs & { output: Output }> = {
  command: ['ls', 'list'],
  describe: 'List the selected nodes',
  builder: (y) =>
    withSelection(withProject(y))
      .option('resource-type', { type: 'string', array: true, choices: ['model', 'seed', 'test', 'source'], describe: 'Only these resource types' })
      .option('output', { alias: 'o', type: 'string', choices: ['name', 'path', 'json', 'selector'], default: 'selector', describe: 'What to print per node' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const { nodes } = await list({ ...toInvocation(argv), onWarning: (m) => logger.warn(m) });
    if (nodes.length > 0) logger.raw(nodes.map((n) => render(n, argv.output)).join('\n'));
  },
};
