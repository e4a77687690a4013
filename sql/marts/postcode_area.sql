-- PC6 -> buurt for the postcode search: the buurt most of the postcode's addresses lie in.
-- grain: one row per pc6
with postcode as (
    select *
    from raw.postcode_buurt
    qualify run_id = max(run_id) over ()
),

final as (
    select pc6, arg_max(buurt_code, addresses) as buurt_code
    from postcode
    group by pc6
)

select * from final
order by pc6
