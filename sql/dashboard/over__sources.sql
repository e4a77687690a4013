-- What the published data is made of: boundary years and sources, CBS figure years and
-- sources (each source once, also when figures were recomputed from buurten).
with boundary_sources as (
    select area_level as detail, year, source from area where area_level in ('buurt', 'wijk')
),

figure_sources as (
    select year, trim(unnest(string_split(
        replace(source, 'herberekend uit buurten: ', ''), '; '))) as source
    from indicators_year
)

select 'grenzen' as kind, detail, min(year) as first_year, max(year) as last_year,
    string_agg(distinct source, '; ' order by source) as source
from boundary_sources
group by detail
union all
select 'kengetallen', 'alle', min(year), max(year),
    string_agg(distinct source, '; ' order by source)
from figure_sources
order by kind, detail
