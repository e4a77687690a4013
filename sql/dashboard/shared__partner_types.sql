-- Partner types present in the data, most signals first.
select partner_type, sum(signals) as signals
from signals_window_area
where area_level = 'gemeente' and window_months = 1 and partner_type <> 'Totaal'
group by partner_type
order by signals desc nulls last
