-- The run's staging area is emptied before the run commits (see create_pending_tables.sql).
drop table if exists scratch.pending_signal;
drop table if exists scratch.pending_quarantine;
drop table if exists scratch.pending_case;
drop table if exists scratch.pending_case_member;
drop table if exists scratch.pending_contact;
drop schema if exists scratch;
