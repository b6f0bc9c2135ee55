-- The operator grain moved onto Orleans (issue 16): its license-calendar reminders are Orleans
-- reminders now (orleans_reminders). The home-made runtime no longer knows the grain type, so its
-- old rows would fail on every poll; they go. An operator whose license still has an instant ahead
-- registers its Orleans reminders again when it next activates (OperatorGrain.OnActivateAsync).
delete from grain_reminders where grain_type = 'operator';
