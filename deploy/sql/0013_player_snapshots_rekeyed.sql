-- The player grain moved onto Orleans (issue 16), whose logs carry grain ids: its key is now a
-- keyed hash of the CPF (PlayerGrainKeys), no longer the CPF. Snapshots stored under CPFs would
-- never be read again and keep CPFs as row keys; they go. Each player's new grain rebuilds its
-- state from the event store (betting_events, keyed by CPF) on its first call, as after any
-- restart, and writes a snapshot under its new key.
delete from grain_state where grain_type = 'player';
