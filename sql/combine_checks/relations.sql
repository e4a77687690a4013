-- Every relation of a published file with its columns and types: files are combined only
-- when they were published by the same version of the ETL (the same tables, columns and
-- types), and a warehouse (schemas raw, staging, marts ...) is never combined.
-- grain: one row per table_schema x table_name
select
    tables.table_schema,
    tables.table_name,
    tables.table_type,
    list(columns.column_name || ' ' || columns.data_type order by columns.ordinal_position)
        as columns
from information_schema.tables as tables
inner join information_schema.columns as columns
    on columns.table_catalog = tables.table_catalog
    and columns.table_schema = tables.table_schema
    and columns.table_name = tables.table_name
group by tables.table_schema, tables.table_name, tables.table_type
order by tables.table_schema, tables.table_name
