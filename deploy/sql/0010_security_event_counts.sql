-- A refused credential is recorded once when it first happens in a window and once more with the
-- count of the rest of the window (RefusalLog): a flood of forged keys is two rows, not millions.
alter table security_events add column count integer not null default 1 check (count >= 1);
