// dbt_date's date macros (github.com/calogica/dbt-date, continued by godatadriven), written here from their
// documented contract so a project that declares the package runs without `dbt deps`. Engine spellings go
// through dbt's cross-database macros where dbt has one, and through `target.type` where it does not.
// Registered as package `dbt_date` only when declared. The time zone defaults to var('dbt_date:time_zone').
export const DBT_DATE_FILE = 'dbt_date/macros/clv_bundled.sql';
export const DBT_DATE_PACKAGE = 'dbt_date';

const SQL = String.raw`
{% macro clv_tz(tz=none) -%}{{ tz or var('dbt_date:time_zone', 'America/Los_Angeles') }}{%- endmacro %}

{% macro convert_timezone(column, target_tz=none, source_tz=none) -%}
  {%- set target_tz = dbt_date.clv_tz(target_tz) -%}
  {%- if target.type == 'snowflake' -%}
    convert_timezone('{{ source_tz or "UTC" }}', '{{ target_tz }}', cast({{ column }} as timestamp_ntz))
  {%- else -%}
    timezone('{{ target_tz }}', timezone('{{ source_tz or "UTC" }}', cast({{ column }} as timestamp)))
  {%- endif -%}
{%- endmacro %}

{% macro now(tz=none) -%}{{ dbt_date.convert_timezone(dbt.current_timestamp(), tz) }}{%- endmacro %}
{% macro today(tz=none) -%}cast({{ dbt_date.now(tz) }} as date){%- endmacro %}
{% macro yesterday(date=none, tz=none) -%}{{ dbt_date.n_days_ago(1, date, tz) }}{%- endmacro %}
{% macro tomorrow(date=none, tz=none) -%}{{ dbt_date.n_days_away(1, date, tz) }}{%- endmacro %}

{% macro n_days_ago(n, date=none, tz=none) -%}
  {%- set base = ('cast(' ~ date ~ ' as date)') if date else dbt_date.today(tz) -%}
  cast({{ dbt.dateadd('day', n * -1, base) }} as date)
{%- endmacro %}
{% macro n_days_away(n, date=none, tz=none) -%}{{ dbt_date.n_days_ago(n * -1, date, tz) }}{%- endmacro %}
{% macro n_weeks_ago(n, tz=none) -%}{{ dbt.date_trunc('week', dbt.dateadd('week', n * -1, dbt_date.today(tz))) }}{%- endmacro %}
{% macro n_weeks_away(n, tz=none) -%}{{ dbt.date_trunc('week', dbt.dateadd('week', n, dbt_date.today(tz))) }}{%- endmacro %}
{% macro n_months_ago(n, tz=none) -%}{{ dbt.date_trunc('month', dbt.dateadd('month', n * -1, dbt_date.today(tz))) }}{%- endmacro %}
{% macro n_months_away(n, tz=none) -%}{{ dbt.date_trunc('month', dbt.dateadd('month', n, dbt_date.today(tz))) }}{%- endmacro %}
{% macro last_week(tz=none) -%}{{ dbt_date.n_weeks_ago(1, tz) }}{%- endmacro %}
{% macro this_week(tz=none) -%}{{ dbt.date_trunc('week', dbt_date.today(tz)) }}{%- endmacro %}
{% macro next_week(tz=none) -%}{{ dbt_date.n_weeks_away(1, tz) }}{%- endmacro %}
{% macro last_month(tz=none) -%}{{ dbt_date.n_months_ago(1, tz) }}{%- endmacro %}
{% macro this_month(tz=none) -%}{{ dbt.date_trunc('month', dbt_date.today(tz)) }}{%- endmacro %}
{% macro next_month(tz=none) -%}{{ dbt_date.n_months_away(1, tz) }}{%- endmacro %}

{% macro date_part(datepart, date) -%}date_part('{{ datepart }}', {{ date }}){%- endmacro %}

{#- 1 = Monday … 7 = Sunday with isoweek (the default), else 1 = Sunday … 7 = Saturday. -#}
{% macro day_of_week(date, isoweek=true) -%}
  {%- set iso = 'dayofweekiso' if target.type == 'snowflake' else 'isodow' -%}
  {%- if isoweek -%}cast({{ iso }}({{ date }}) as {{ dbt.type_int() }})
  {%- else -%}cast(dayofweek({{ date }}) + 1 as {{ dbt.type_int() }}){%- endif -%}
{%- endmacro %}
{% macro day_of_month(date) -%}cast(day({{ date }}) as {{ dbt.type_int() }}){%- endmacro %}
{% macro day_of_year(date) -%}cast(dayofyear({{ date }}) as {{ dbt.type_int() }}){%- endmacro %}

{% macro day_name(date, short=true) -%}
  {%- if target.type == 'snowflake' -%}
    {% if short %}dayname({{ date }}){% else %}decode(dayname({{ date }}), 'Mon', 'Monday', 'Tue', 'Tuesday', 'Wed', 'Wednesday', 'Thu', 'Thursday', 'Fri', 'Friday', 'Sat', 'Saturday', 'Sun', 'Sunday'){% endif %}
  {%- else -%}
    strftime({{ date }}, '{{ "%a" if short else "%A" }}')
  {%- endif -%}
{%- endmacro %}

{% macro month_name(date, short=true) -%}
  {%- if target.type == 'snowflake' -%}
    {% if short %}monthname({{ date }}){% else %}to_char({{ date }}, 'MMMM'){% endif %}
  {%- else -%}
    strftime({{ date }}, '{{ "%b" if short else "%B" }}')
  {%- endif -%}
{%- endmacro %}

{% macro week_start(date=none, tz=none) -%}
  {%- set date = date or dbt_date.today(tz) -%}
  {#- weeks start on Sunday, as in the package -#}
  cast({{ dbt.dateadd('day', '-1', dbt.date_trunc('week', dbt.dateadd('day', '1', date))) }} as date)
{%- endmacro %}
{% macro week_end(date=none, tz=none) -%}cast({{ dbt.dateadd('day', '6', dbt_date.week_start(date, tz)) }} as date){%- endmacro %}
{% macro week_of_year(date=none, tz=none) -%}cast(strftime({{ date or dbt_date.today(tz) }}, '%U') as {{ dbt.type_int() }}){%- endmacro %}
{% macro iso_week_start(date=none, tz=none) -%}cast({{ dbt.date_trunc('week', date or dbt_date.today(tz)) }} as date){%- endmacro %}
{% macro iso_week_end(date=none, tz=none) -%}cast({{ dbt.dateadd('day', '6', dbt_date.iso_week_start(date, tz)) }} as date){%- endmacro %}
{% macro iso_week_of_year(date=none, tz=none) -%}cast(weekofyear({{ date or dbt_date.today(tz) }}) as {{ dbt.type_int() }}){%- endmacro %}

{% macro from_unixtimestamp(epochs, format='seconds') -%}
  {%- set divisors = {'seconds': 1, 'milliseconds': 1000, 'microseconds': 1000000} -%}
  {%- if format not in divisors %}{{ exceptions.raise_compiler_error("from_unixtimestamp: format must be seconds, milliseconds or microseconds, got '" ~ format ~ "'") }}{% endif -%}
  cast(to_timestamp({{ epochs }} / {{ divisors[format] }}) as {{ dbt.type_timestamp() }})
{%- endmacro %}
{% macro to_unixtimestamp(timestamp) -%}cast(epoch({{ timestamp }}) as {{ dbt.type_bigint() }}){%- endmacro %}

{% macro periods_since(date_col, period_name='day', tz=none) -%}{{ dbt.datediff(date_col, dbt_date.now(tz), period_name) }}{%- endmacro %}

{% macro get_base_dates(start_date=none, end_date=none, n_dateparts=none, datepart='day') -%}
  {%- if start_date and end_date -%}
    {%- set start = "cast('" ~ start_date ~ "' as date)" -%}{%- set end = "cast('" ~ end_date ~ "' as date)" -%}
  {%- elif n_dateparts and datepart -%}
    {%- set start = dbt.dateadd(datepart, n_dateparts * -1, dbt_date.today()) -%}{%- set end = dbt_date.tomorrow() -%}
  {%- else -%}
    {{ exceptions.raise_compiler_error("get_base_dates: give start_date and end_date, or n_dateparts and datepart") }}
  {%- endif -%}
  select cast(date_{{ datepart }} as date) as date_{{ datepart }} from ({{ dbt.date_spine(datepart, start, end) }}) spine
{%- endmacro %}

{#- One row per day from start_date (inclusive) to end_date (exclusive), with the package's columns. -#}
{% macro get_date_dimension(start_date, end_date) -%}
with base_dates as (
  {{ dbt_date.get_base_dates(start_date, end_date) }}
),
dates_with_prior_year_dates as (
  select
    cast(date_day as date) as date_day,
    cast({{ dbt.dateadd('year', -1, 'date_day') }} as date) as prior_year_date_day,
    cast({{ dbt.dateadd('day', -364, 'date_day') }} as date) as prior_year_over_year_date_day
  from base_dates
)
select
  date_day,
  cast({{ dbt.dateadd('day', -1, 'date_day') }} as date) as prior_date_day,
  cast({{ dbt.dateadd('day', 1, 'date_day') }} as date) as next_date_day,
  prior_year_date_day,
  prior_year_over_year_date_day,
  {{ dbt_date.day_of_week('date_day', isoweek=false) }} as day_of_week,
  {{ dbt_date.day_of_week('date_day', isoweek=true) }} as day_of_week_iso,
  {{ dbt_date.day_name('date_day', short=false) }} as day_of_week_name,
  {{ dbt_date.day_name('date_day', short=true) }} as day_of_week_name_short,
  {{ dbt_date.day_of_month('date_day') }} as day_of_month,
  {{ dbt_date.day_of_year('date_day') }} as day_of_year,
  {{ dbt_date.week_start('date_day') }} as week_start_date,
  {{ dbt_date.week_end('date_day') }} as week_end_date,
  {{ dbt_date.week_start('prior_year_over_year_date_day') }} as prior_year_week_start_date,
  {{ dbt_date.week_end('prior_year_over_year_date_day') }} as prior_year_week_end_date,
  {{ dbt_date.week_of_year('date_day') }} as week_of_year,
  {{ dbt_date.iso_week_start('date_day') }} as iso_week_start_date,
  {{ dbt_date.iso_week_end('date_day') }} as iso_week_end_date,
  {{ dbt_date.iso_week_start('prior_year_over_year_date_day') }} as prior_year_iso_week_start_date,
  {{ dbt_date.iso_week_end('prior_year_over_year_date_day') }} as prior_year_iso_week_end_date,
  {{ dbt_date.iso_week_of_year('date_day') }} as iso_week_of_year,
  {{ dbt_date.week_of_year('prior_year_over_year_date_day') }} as prior_year_week_of_year,
  {{ dbt_date.iso_week_of_year('prior_year_over_year_date_day') }} as prior_year_iso_week_of_year,
  cast(month(date_day) as {{ dbt.type_int() }}) as month_of_year,
  {{ dbt_date.month_name('date_day', short=false) }} as month_name,
  {{ dbt_date.month_name('date_day', short=true) }} as month_name_short,
  cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
  cast({{ dbt.last_day('date_day', 'month') }} as date) as month_end_date,
  cast({{ dbt.date_trunc('month', 'prior_year_date_day') }} as date) as prior_year_month_start_date,
  cast({{ dbt.last_day('prior_year_date_day', 'month') }} as date) as prior_year_month_end_date,
  cast(quarter(date_day) as {{ dbt.type_int() }}) as quarter_of_year,
  cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
  cast({{ dbt.last_day('date_day', 'quarter') }} as date) as quarter_end_date,
  cast(year(date_day) as {{ dbt.type_int() }}) as year_number,
  cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date,
  cast({{ dbt.last_day('date_day', 'year') }} as date) as year_end_date
from dates_with_prior_year_dates
order by 1
{%- endmacro %}
`;

export const DBT_DATE_MACROS = SQL;
