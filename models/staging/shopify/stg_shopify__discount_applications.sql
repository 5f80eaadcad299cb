with source as (

    select * from {{ source('shopify', 'discount_applications') }}

),

latest as (

    select *
    from source
    qualify row_number() over (partition by id order by updated_at desc, _synced_at desc) = 1

),

renamed as (

    select
        id as discount_application_id,
        order_id,
        cast(split_part(id, '#', 2) as integer) as application_index,
        {{ json_text('data', '__typename') }} as application_type,
        lower(coalesce({{ json_text('data', 'code') }}, {{ json_text('data', 'title') }})) as discount_code,
        lower({{ json_text('data', 'allocationMethod') }}) as allocation_method,
        lower({{ json_text('data', 'targetSelection') }}) as target_selection,
        lower({{ json_text('data', 'targetType') }}) as target_type,
        lower({{ json_text('data', 'value.__typename') }}) as value_type,
        coalesce(cast({{ json_text('data', 'value.percentage') }} as double), cast({{ json_text('data', 'value.amount') }} as double)) as value,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
