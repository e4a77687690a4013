-- A delivery loaded earlier from a file with exactly this content (under any name, even if
-- later replaced): loading the same file again changes nothing. The other leveringen of the
-- file being loaded now (other gemeenten in one DDAS file) share its hash but are not it.
select delivery_id, source_file
from raw.delivery
where file_sha256 = $file_sha256
  and not (run_id = $run_id and source_file = $source_file and delivery_key <> $delivery_key)
order by delivery_id
limit 1
