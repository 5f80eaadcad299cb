copy into '@~/clv_export/customer ltv.csv'
from (
select * from analytics.marts.customer_ltv
)
file_format = (type = csv compression = none field_optionally_enclosed_by = '"' null_if = ('') empty_field_as_null = false)
header = true single = true overwrite = true max_file_size = 5368709120;
get '@~/clv_export/customer ltv.csv' 'file:///srv/exports/';
remove '@~/clv_export/customer ltv.csv'
