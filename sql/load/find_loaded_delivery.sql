-- The current delivery that came from exactly this file, if any: loading it again is a no-op.
select delivery_id
from raw.delivery
where file_sha256 = $file_sha256
  and delivery_key = $delivery_key
  and superseded_by is null
