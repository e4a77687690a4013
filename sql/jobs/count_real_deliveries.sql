-- How many non-demo deliveries a warehouse holds (the demo refuses to overwrite those).
select count(*) from raw.delivery where not is_demo
