// The files `clv init` writes: a project that `clv build` builds on a local DuckDB file right away — a seed,
// a staging view (rename, cast), a mart table with its grain and primary-key tests. `{{project}}` is
// replaced by the project name. Kept as data here (not files beside the code) so the compiled CLI in
// dist/ carries it.
export const TEMPLATE: Record<string, string> = {
  'project.yml': `# clv project: the dbt_project.yml keys you know, plus the warehouse targets in the same file.
name: {{project}}
version: 0.1.0
model-paths: [models]
macro-paths: [macros]
seed-paths: [seeds]
test-paths: [tests]
target-path: target
clean-targets: [target]

vars: {}

models:
  {{project}}:
    example:
      +materialized: view

targets:
  default: dev
  dev:
    type: duckdb
    path: {{project}}.duckdb
    schema: main
    threads: 4
`,
  'seeds/example.csv': `order_id,customer_id,ordered_at,amount
1,100,2024-01-05 10:00:00,20.00
2,100,2024-02-01 09:30:00,12.50
3,101,2024-02-03 14:15:00,45.00
4,102,2024-03-11 08:00:00,7.25
`,
  'models/example/stg_example__orders.sql': `-- One row per order: renamed and typed, nothing more.
with source as (
    select * from {{ ref('example') }}
)

select
    cast(order_id as integer) as order_id,
    cast(customer_id as integer) as customer_id,
    cast(ordered_at as timestamp) as ordered_at,
    cast(amount as decimal(18, 2)) as order_amount,
from source
`,
  'models/example/customer_orders.sql': `{{ config(materialized='table') }}

with orders as (
    select * from {{ ref('stg_example__orders') }}
)

select
    customer_id,
    count(*) as order_count,
    sum(order_amount) as total_amount,
    min(ordered_at) as first_ordered_at,
from orders
group by customer_id
`,
  'models/example/_example.yml': `version: 2
models:
  - name: stg_example__orders
    description: One row per order from the example seed.
    columns:
      - name: order_id
        tests: [unique, not_null]
  - name: customer_orders
    description: One row per customer, with their order count and total.
    columns:
      - name: customer_id
        description: Primary key.
        tests: [unique, not_null]
      - name: order_count
        tests: [not_null]
`,
  'macros/.gitkeep': '',
  'tests/.gitkeep': '',
  '.gitignore': `target/
*.duckdb
*.duckdb.wal
`,
  'README.md': `# {{project}}

A clv project (dbt-style SQL models on DuckDB by default).

    clv build            # load seeds, build models, run tests
    clv compile --watch  # recompile on every save, errors printed at once
    clv ls               # list the project's nodes

Layout: \`seeds/\` CSV files, \`models/\` SQL models with a YAML file per folder (descriptions, tests),
\`macros/\` Jinja macros, \`tests/\` singular data tests. Targets (warehouses) are in \`project.yml\`.
`,
};
