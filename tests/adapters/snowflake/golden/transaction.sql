begin;
commit;
rollback
