select column_name as "name", case when data_type = 'NUMBER' then 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')' when data_type = 'TEXT' then 'VARCHAR(' || character_maximum_length || ')' else data_type end as "data_type"
from analytics.information_schema.columns
where upper(table_schema) = upper('marts') and upper(table_name) = upper('customer_ltv')
order by ordinal_position
