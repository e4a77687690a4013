-- A delivery loaded earlier from a file with exactly this content (under any name, even if
-- later replaced): loading the same file again changes nothing.
select delivery_id, source_file
from raw.delivery
where file_sha256 = $file_sha256
order by delivery_id
limit 1
