-- The balance read model: one row per account, and the global position the rows reflect.
-- Written only by the account-balances projection; idempotent so it can run on every start.
CREATE TABLE IF NOT EXISTS sample_account_balance (
    account_id  text        NOT NULL,
    owner       text        NOT NULL,
    balance     bigint      NOT NULL,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT sample_account_balance_pk PRIMARY KEY (account_id)
);

CREATE TABLE IF NOT EXISTS sample_read_model_position (
    name      text   NOT NULL,
    position  bigint NOT NULL,
    CONSTRAINT sample_read_model_position_pk PRIMARY KEY (name)
);
