-- Keyed hash (HMAC-SHA256, RFC 2104) of every value in the registered relation `hmac_input`,
-- computed inside DuckDB so a million addresses are hashed in parallel, not in a Python loop.
-- grain: one row per input row (idx)
-- The key never appears here: the caller passes the two padded key blocks as parameters.
with hmac_input as (
    select idx, value from hmac_input_rows
),

hashed as (
    select
        idx,
        left(sha256($outer_key_block || unhex(sha256($inner_key_block || encode(value)))), 32)
            as digest
    from hmac_input
    where value is not null
),

final as (
    select hmac_input.idx, hashed.digest
    from hmac_input
    left join hashed on hashed.idx = hmac_input.idx
    order by hmac_input.idx
)

select * from final
