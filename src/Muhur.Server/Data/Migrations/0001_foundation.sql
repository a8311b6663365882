-- Mühür foundation schema: institutions, their units and positions table (R-ELIG-1), people
-- (R-APP-1), staff accounts, the hash-chained audit log (R-CA-4), the message outbox (R-X-2) and the
-- shared Data Protection key ring that lets several server nodes read each other's cookies.

CREATE TABLE institutions (
    id          uuid PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
    id              uuid PRIMARY KEY,
    institution_id  uuid NOT NULL REFERENCES institutions (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
    UNIQUE (institution_id, name)
);

-- R-ELIG-1: each institution keeps its own, editable table of positions that get an
-- institution-paid e-signature.
CREATE TABLE positions (
    id              uuid PRIMARY KEY,
    institution_id  uuid NOT NULL REFERENCES institutions (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
    category        text NOT NULL CHECK (category IN ('Academic', 'Administrative')),
    is_eligible     boolean NOT NULL DEFAULT true,
    UNIQUE (institution_id, name)
);

CREATE TABLE people (
    id                  uuid PRIMARY KEY,
    institution_id      uuid NOT NULL REFERENCES institutions (id),
    unit_id             uuid REFERENCES units (id),
    position_id         uuid REFERENCES positions (id),
    identifier_kind     text NOT NULL CHECK (identifier_kind IN ('TurkishIdentityNumber', 'ForeignerIdentityNumber', 'Passport')),
    identifier_number   text NOT NULL,
    identifier_country  char(2) NOT NULL,
    given_name          text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    surname             text NOT NULL CHECK (length(surname) BETWEEN 1 AND 100),
    title               text,
    corporate_email     text NOT NULL CHECK (corporate_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL,
    CHECK ((identifier_kind = 'Passport') OR (identifier_number ~ '^[1-9][0-9]{10}$' AND identifier_country = 'TR')),
    UNIQUE (institution_id, identifier_kind, identifier_number, identifier_country)
);
CREATE INDEX people_identifier_idx ON people (identifier_number);

CREATE TABLE staff_accounts (
    id                  uuid PRIMARY KEY,
    user_name           text NOT NULL CHECK (user_name ~ '^[a-z0-9._-]{3,64}$'),
    display_name        text NOT NULL,
    role                text NOT NULL CHECK (role IN ('InstitutionAuthority', 'CentreOfficer', 'CallCentreAgent')),
    institution_id      uuid REFERENCES institutions (id),
    password_hash       text NOT NULL,
    failed_login_count  integer NOT NULL DEFAULT 0,
    lockout_end         timestamptz,
    last_login_at       timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- An institution authority belongs to exactly one institution; centre staff to none (R-X-4).
    CHECK ((role = 'InstitutionAuthority') = (institution_id IS NOT NULL))
);
CREATE UNIQUE INDEX staff_accounts_user_name_idx ON staff_accounts (user_name);

-- R-CA-4: append-only, hash-chained. sequence has no gaps; the appender takes an advisory lock so
-- that concurrent writers on several nodes serialise.
CREATE TABLE audit_log (
    sequence       bigint PRIMARY KEY CHECK (sequence > 0),
    occurred_at    timestamptz NOT NULL,
    actor          text NOT NULL,
    action         text NOT NULL,
    subject        text,
    details        text,
    previous_hash  bytea NOT NULL CHECK (length(previous_hash) = 32),
    hash           bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- R-X-2: every e-mail and SMS is written here in the same transaction as the change that causes it,
-- then delivered by the dispatcher; nothing is lost when SMTP or the SMS provider is down.
CREATE TABLE outbox_messages (
    id               uuid PRIMARY KEY,
    channel          text NOT NULL CHECK (channel IN ('Email', 'Sms')),
    recipient        text NOT NULL,
    subject          text,
    body             text NOT NULL,
    status           text NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Sent', 'Failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX outbox_messages_pending_idx ON outbox_messages (next_attempt_at) WHERE status = 'Pending';

CREATE TABLE data_protection_keys (
    friendly_name  text PRIMARY KEY,
    xml            text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
