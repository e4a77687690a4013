-- Keyed hash (HMAC-SHA256, RFC 2104) of every value in the registered relation
-- `hmac_input_rows`, computed inside DuckDB so a million addresses are hashed in parallel,
-- not in a Python loop. A plain projection: DuckDB keeps the input's row order
-- (preserve_insertion_order), so no join back and no sort are needed.
-- grain: one row per input row, in input order
-- The key never appears here: the caller passes the two padded key blocks as parameters.
select
    case
        when value is not null
            then left(sha256($outer_key_block || unhex(sha256($inner_key_block || encode(value)))), 32)
    end as digest
from hmac_input_rows
