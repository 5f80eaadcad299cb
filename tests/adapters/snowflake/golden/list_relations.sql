select table_name as "name", case when table_type = 'VIEW' then 'view' else 'table' end as "kind"
from analytics.information_schema.tables
where upper(table_schema) = upper('marts')
