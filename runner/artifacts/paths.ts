// Where each node's SQL lands under the target folder, as dbt lays it out:
// target/compiled/<project>/<original_file_path> (generic tests: <schema yml path>/<test name>.sql).
import type { ExecutableNode } from '../manifest.js';

function nodeSqlPath(node: ExecutableNode): string {
  const file = node.original_file_path;
  if (node.resource_type === 'seed') return file.replace(/\.csv$/i, '.sql');
  if (/\.ya?ml$/i.test(file) || !/\.sql$/i.test(file)) return `${file}/${node.name}.sql`;
  return file;
}

export function compiledPath(targetPath: string, node: ExecutableNode): string {
  return `${targetPath}/compiled/${node.package_name}/${nodeSqlPath(node)}`;
}

export function runPath(targetPath: string, node: ExecutableNode): string {
  return `${targetPath}/run/${node.package_name}/${nodeSqlPath(node)}`;
}
