-- A vault record's file_id is not checked by a foreign key: the records and their file's row are
-- written by one writer (VaultFileStore) in one transaction, which commits both or neither, and the
-- deferred check queued one trigger event per record to run at commit.
alter table vault_records drop constraint vault_records_file_id_fkey;
