-- The run's staging area is emptied once its deliveries are loaded, so it does not hold memory
-- while the models are built (see create_pending_tables.sql).
drop table if exists temp.pending_signal;
drop table if exists temp.pending_quarantine;
drop table if exists temp.pending_case;
drop table if exists temp.pending_case_member;
drop table if exists temp.pending_contact;
