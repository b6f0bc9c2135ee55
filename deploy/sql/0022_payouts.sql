-- Payouts (cash-out): the daily reconciliation keeps both sides' sent PIX next to the received ones,
-- and the reconciler finds pending payments through a partial index rather than a scan of every grain.
alter table payment_reconciliations
    add column psp_payout_count integer not null default 0,
    add column psp_payout_total bigint not null default 0,
    add column platform_payout_count integer not null default 0,
    add column platform_payout_total bigint not null default 0;

create index grain_state_pending_payments on grain_state (updated_at)
    where grain_type in ('cash_in', 'cash_out') and (state->>'status') = '0';
