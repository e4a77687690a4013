-- Schemas of the warehouse: raw (loaded rows), staging and intermediate (views), marts (tables).
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;
create sequence if not exists raw.run_id_seq;
create sequence if not exists raw.delivery_id_seq;
