-- The bonus-withdrawal check finds the players credited a bonus in its window (the vault's bonus records).
create index vault_records_bonuses on vault_records (at) where record_type = 'bonus';
