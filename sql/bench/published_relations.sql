-- Every table and view in the published file with its columns, for the grain check.
-- grain: one row per table_name
select
    tables.table_name,
    tables.table_type,
    list(columns.column_name order by columns.ordinal_position) as columns
from information_schema.tables as tables
inner join information_schema.columns as columns
    on columns.table_schema = tables.table_schema
    and columns.table_name = tables.table_name
where tables.table_schema = 'main'
group by tables.table_name, tables.table_type
order by tables.table_name
