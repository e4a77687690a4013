-- Publication metadata: period, threshold, demo or real, freshness.
select key, value from meta
