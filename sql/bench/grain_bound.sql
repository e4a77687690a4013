-- The most rows a pre-aggregated published relation can hold: every area x month x partner
-- type (with 'Totaal') x window. A relation with more rows holds a finer grain, such as
-- one row per signal.
-- grain: one row
with areas as (
    select area_code from area
    union
    select area_code from signals_window_area
),

cells as (
    select
        count(distinct month) as months,
        count(distinct partner_type) as partner_types,
        count(distinct window_months) as windows
    from signals_window_area
)

select
    (select count(*) from areas) as areas,
    cells.months,
    cells.partner_types,
    cells.windows,
    (select count(*) from areas) * greatest(cells.months, 1) * greatest(cells.partner_types, 1)
        * greatest(cells.windows, 1) as max_rows
from cells
