-- The event store's (oprid, bet_slip_id) index is dropped: no query uses it. A slip's events are
-- read from its grain (GET /bet-slips/{id}), whose stored state holds the slip's whole history
-- with each event's id; each event is then one lookup by id in the store. Every accepted event
-- paid for that index with one more B-tree insertion on a key that does not follow time (operators
-- choose their slip ids), so its pages were spread over the whole index. The three indexes left
-- serve the store's reads: by id, an operator's events over time, a player's replay.
drop index betting_events_slip;
