copy into '@~/clv_export/customer_ltv.parquet'
from (
select * from analytics.marts.customer_ltv
)
file_format = (type = parquet)
header = true single = true overwrite = true max_file_size = 5368709120;
get '@~/clv_export/customer_ltv.parquet' 'file:///srv/exports/';
remove '@~/clv_export/customer_ltv.parquet'
