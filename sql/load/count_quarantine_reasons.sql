-- How many rows of a pending delivery are quarantined, per reason, for the load report.
select reason, count(*) as row_count
from temp.pending_quarantine
where delivery_slot = $delivery_slot
group by reason
