-- The segment map must name each of the 25 recency × frequency cells exactly once, or customers would
-- silently fall into 'Unmapped' (or be doubled by the join).
with cells as (

    select r.n + 1 as recency_score, f.n + 1 as frequency_score
    from ({{ integer_spine(5) }}) as r
    cross join ({{ integer_spine(5) }}) as f

),

mapped as (

    select recency_score, frequency_score, count(*) as mappings
    from {{ ref('rfm_segments') }}
    group by recency_score, frequency_score

)

select cells.recency_score, cells.frequency_score, coalesce(mapped.mappings, 0) as mappings
from cells
left join mapped
    on cells.recency_score = mapped.recency_score
    and cells.frequency_score = mapped.frequency_score
where coalesce(mapped.mappings, 0) <> 1
