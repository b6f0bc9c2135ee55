-- Every CPF check an operator asked (POST /cpf/validate), with the answer it got: LOTTOPAR can see
-- who asks about whom and how often (the check must not become a CPF lookup service).
create table cpf_checks (
    id bigint generated always as identity primary key,
    oprid text not null,
    cpf text not null check (cpf ~ '^[0-9]{11}$'),
    checked_at timestamptz not null,
    allowed boolean not null,
    reasons text[] not null
);

create index cpf_checks_by_operator on cpf_checks (oprid, checked_at);
create index cpf_checks_by_cpf on cpf_checks (cpf, checked_at);
