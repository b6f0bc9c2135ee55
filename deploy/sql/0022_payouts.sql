-- Payouts (cash-out): the daily reconciliation keeps both sides' sent PIX next to the received ones.
-- (No index on grain_state for pending payments: an index naming state or updated_at would stop
-- every grain's update from staying on its page, MigrationTests.GrainStatePagesKeepRoomForRowsThatGrow.)
alter table payment_reconciliations
    add column psp_payout_count integer not null default 0,
    add column psp_payout_total bigint not null default 0,
    add column platform_payout_count integer not null default 0,
    add column platform_payout_total bigint not null default 0;
