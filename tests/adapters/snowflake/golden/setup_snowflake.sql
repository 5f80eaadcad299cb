-- objects, owned by SYSADMIN
use role sysadmin;
create database if not exists raw;
create database if not exists analytics;
create warehouse if not exists loading warehouse_size = xsmall auto_suspend = 300 auto_resume = true initially_suspended = true;
create warehouse if not exists transforming warehouse_size = xsmall auto_suspend = 60 auto_resume = true initially_suspended = true;
create warehouse if not exists reporting warehouse_size = xsmall auto_suspend = 60 auto_resume = true initially_suspended = true;
-- roles, managed by SECURITYADMIN
use role securityadmin;
create role if not exists loader;
create role if not exists transformer;
create role if not exists reporter;
grant usage, operate on warehouse loading to role loader;
grant usage, operate on warehouse transforming to role transformer;
grant usage, operate on warehouse reporting to role reporter;
grant role loader to role sysadmin;
grant role transformer to role sysadmin;
grant role reporter to role sysadmin;
-- LOADER writes RAW; TRANSFORMER reads RAW and builds ANALYTICS; REPORTER reads ANALYTICS
grant usage, create schema on database raw to role loader;
grant usage on database raw to role transformer;
grant usage on all schemas in database raw to role transformer;
grant usage on future schemas in database raw to role transformer;
grant select on all tables in database raw to role transformer;
grant select on future tables in database raw to role transformer;
grant select on all views in database raw to role transformer;
grant select on future views in database raw to role transformer;
grant usage, create schema on database analytics to role transformer;
grant usage on database analytics to role reporter;
grant usage on all schemas in database analytics to role reporter;
grant usage on future schemas in database analytics to role reporter;
grant select on all tables in database analytics to role reporter;
grant select on future tables in database analytics to role reporter;
grant select on all views in database analytics to role reporter;
grant select on future views in database analytics to role reporter;
-- key-pair service user for clv (no password)
create user if not exists clv_svc type = service default_role = transformer default_warehouse = transforming;
grant role transformer to user clv_svc;
