-- The account-closure deadline reads the players' requests to close their accounts (a registration
-- or registration_update, or a correction of one, whose account_status is closure_requested).
create index vault_records_closure_requests on vault_records (at)
    where record_type in ('registration', 'registration_update', 'correction') and xml like '%<status>closure_requested</status>%';
