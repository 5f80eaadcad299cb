{#- A table, not a view: the raw JSON is parsed once here instead of once per reader (marts and the
    unique / not_null / relationships tests each re-parsed every node of a view). -#}
{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    '__typename', 'code', 'title', 'allocationMethod', 'targetSelection', 'targetType',
    'value.__typename', 'value.percentage', 'value.amount'
] -%}

with source as (

    select * from {{ source('shopify', 'discount_applications') }}

),

parsed as (

    select
        id,
        order_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('order_id', 'Order') }} as order_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as discount_application_id,
        order_id,
        {{ gid_key('order_id', 'Order', 'order_number') }} as order_key,
        cast(split_part(id, '#', 2) as integer) as application_index,
        {{ json_text('fields', '__typename', paths) }} as application_type,
        lower(coalesce({{ json_text('fields', 'code', paths) }}, {{ json_text('fields', 'title', paths) }})) as discount_code,
        lower({{ json_text('fields', 'allocationMethod', paths) }}) as allocation_method,
        lower({{ json_text('fields', 'targetSelection', paths) }}) as target_selection,
        lower({{ json_text('fields', 'targetType', paths) }}) as target_type,
        lower({{ json_text('fields', 'value.__typename', paths) }}) as value_type,
        coalesce(cast({{ json_text('fields', 'value.percentage', paths) }} as double), cast({{ json_text('fields', 'value.amount', paths) }} as double)) as value,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
