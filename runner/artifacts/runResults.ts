// target/run_results.json in dbt's shape (schema v6 fields we can fill), so dbt-aware CI tooling reads it.
import type { NodeResult, RunResults } from '../run/types.js';

export interface RunResultsArtifact {
  metadata: { dbt_schema_version: string; generated_at: string; invocation_id?: string; adapter_type: string };
  results: NodeResult[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export function runResultsArtifact(
  run: RunResults,
  context: { invocationId?: string; adapterType: string; args: Record<string, unknown>; generatedAt?: string },
): RunResultsArtifact {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      generated_at: context.generatedAt ?? new Date().toISOString(),
      invocation_id: context.invocationId,
      adapter_type: context.adapterType,
    },
    results: run.results,
    elapsed_time: run.elapsed_time,
    args: context.args,
  };
}
