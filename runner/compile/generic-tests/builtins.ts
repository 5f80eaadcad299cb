// dbt's four built-in generic tests as macros, registered before the project's so a project macro of the
// same name (test_unique, default__test_unique, duckdb__test_unique) overrides them exactly as in dbt.
// Each returns the failing rows; the runner counts them against warn_if / error_if.
export const BUILTIN_MACROS_FILE = 'clv/generic_tests.sql';

export const BUILTIN_MACROS = `
{% macro test_not_null(model, column_name) %}{{ return(adapter.dispatch('test_not_null')(model, column_name)) }}{% endmacro %}
{% macro default__test_not_null(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
{% endmacro %}

{% macro test_unique(model, column_name) %}{{ return(adapter.dispatch('test_unique')(model, column_name)) }}{% endmacro %}
{% macro default__test_unique(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endmacro %}

{% macro test_accepted_values(model, column_name, values, quote=true) %}{{ return(adapter.dispatch('test_accepted_values')(model, column_name, values, quote)) }}{% endmacro %}
{% macro default__test_accepted_values(model, column_name, values, quote=true) %}
with all_values as (
    select
        {{ column_name }} as value_field,
        count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {% for value in values -%}
    {% if quote %}'{{ value | replace("'", "''") }}'{% else %}{{ value }}{% endif %}{% if not loop.last %}, {% endif %}
    {%- endfor %}
)
{% endmacro %}

{% macro test_relationships(model, column_name, to, field) %}{{ return(adapter.dispatch('test_relationships')(model, column_name, to, field)) }}{% endmacro %}
{% macro default__test_relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
{% endmacro %}
`;
