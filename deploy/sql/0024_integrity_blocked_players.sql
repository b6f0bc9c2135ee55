-- Each operator's blocked players: those the integrity module interdicted there (the player's score
-- reached the interdiction threshold), written from the "integrity" stream in the transaction of the
-- player watch's state. A lifted block keeps its row, with who lifted it and why.
create table integrity_blocked_players (
    oprid text not null,
    cpf text not null,
    player_key text not null,
    blocked boolean not null,
    since timestamptz not null,
    reason text not null,
    by_whom text not null,
    lifted_at timestamptz,
    lifted_by text,
    lift_reason text,
    primary key (oprid, cpf)
);

create index integrity_blocked_players_current on integrity_blocked_players (oprid, since desc) where blocked;
