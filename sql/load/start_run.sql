-- Open a run record; its id stamps everything this run loads.
insert into raw.load_run (run_id, command, started_at, status)
values (nextval('raw.run_id_seq'), $command, now(), 'running')
returning run_id
