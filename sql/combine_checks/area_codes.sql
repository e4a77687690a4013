-- Every area code a published file holds, with the gemeente of the CBS codes (BU + 8,
-- WK + 6, GM + 4 digits: the gemeente's four digits come first). Two files that share a
-- gemeente or a custom area code cannot be combined: the dashboard keys everything by
-- area_code, and a gemeente published twice would count twice.
-- grain: one row per area_code
with codes as (
    select area_code from area
    union
    select area_code from area_member
    union
    select area_code from signals_window_area
    union
    select area_code from indicators_year
),

final as (
    select
        area_code,
        case when regexp_full_match(area_code, 'BU[0-9]{8}|WK[0-9]{6}|GM[0-9]{4}')
            then 'GM' || substr(area_code, 3, 4)
        end as gemeente_code
    from codes
)

select * from final
order by area_code
