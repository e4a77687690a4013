-- The postcode summary is replaced as a whole by each run that reads an address table.
delete from raw.postcode_buurt
