-- The certification authority (R-CA-1 … R-CA-4): its keys (encrypted PKCS#8, never plain), its own
-- certificates, the certificates it issued with their status, the status history that delta CRLs
-- are built from, and the CRLs it published.

CREATE TABLE ca_keys (
    name             text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    encrypted_pkcs8  bytea NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- A CA key is never replaced: the key store refuses to overwrite, and so does the database.
CREATE FUNCTION row_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows cannot be changed (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ca_keys_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ca_keys
    FOR EACH ROW EXECUTE FUNCTION row_is_immutable();

CREATE TABLE ca_certificates (
    id          uuid PRIMARY KEY,
    role        text NOT NULL CHECK (role IN ('Root', 'Issuing', 'OcspResponder')),
    key_name    text NOT NULL REFERENCES ca_keys (name),
    serial      bytea NOT NULL,
    subject     text NOT NULL,
    not_before  timestamptz NOT NULL,
    not_after   timestamptz NOT NULL,
    der         bytea NOT NULL,
    is_active   boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ca_certificates_one_active_per_role ON ca_certificates (role) WHERE is_active;

CREATE TABLE certificates (
    serial             bytea PRIMARY KEY CHECK (length(serial) BETWEEN 8 AND 20),
    issuer_id          uuid NOT NULL REFERENCES ca_certificates (id),
    person_id          uuid REFERENCES people (id),
    national_id        text NOT NULL,
    given_name         text NOT NULL,
    surname            text NOT NULL,
    institution        text,
    not_before         timestamptz NOT NULL,
    not_after          timestamptz NOT NULL,
    der                bytea NOT NULL,
    status             text NOT NULL DEFAULT 'Good' CHECK (status IN ('Good', 'Suspended', 'Revoked')),
    revocation_reason  smallint CHECK (revocation_reason BETWEEN 0 AND 10 AND revocation_reason <> 7),
    revoked_at         timestamptz,
    -- The status epoch (ca_status_epoch) of the transaction that last wrote this row: "what changed
    -- since epoch N" is one indexed range, exact because epochs commit in order.
    status_version     bigint NOT NULL,
    issued_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'Good') = (revoked_at IS NULL AND revocation_reason IS NULL)),
    CHECK (status <> 'Suspended' OR revocation_reason = 6)
);
CREATE INDEX certificates_holder_idx ON certificates (national_id, (coalesce(institution, '')), not_after DESC);
CREATE INDEX certificates_listed_idx ON certificates (issuer_id, serial) WHERE status <> 'Good';
CREATE INDEX certificates_version_idx ON certificates (status_version);

-- R-CA-2: what changed and when; delta CRLs list the changes after their base CRL (RFC 5280 §5.2.4).
CREATE TABLE certificate_status_changes (
    version     bigint PRIMARY KEY,
    serial      bytea NOT NULL REFERENCES certificates (serial),
    issuer_id   uuid NOT NULL REFERENCES ca_certificates (id),
    status      text NOT NULL CHECK (status IN ('Good', 'Suspended', 'Revoked')),
    reason      smallint,
    changed_at  timestamptz NOT NULL
);
CREATE INDEX certificate_status_changes_issuer_idx ON certificate_status_changes (issuer_id, version);

CREATE TABLE crls (
    issuer_id       uuid NOT NULL REFERENCES ca_certificates (id),
    number          bigint NOT NULL CHECK (number > 0),
    base_number     bigint,
    this_update     timestamptz NOT NULL,
    next_update     timestamptz NOT NULL,
    covers_version  bigint NOT NULL,
    entries         bigint NOT NULL,
    der             bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer_id, number)
);
CREATE INDEX crls_latest_idx ON crls (issuer_id, (base_number IS NULL), number DESC);

-- One counter that every transaction changing what OCSP would answer (an issuance, a status change)
-- increments just before it writes, and stamps on what it writes. The row lock is held until commit,
-- so epochs commit in order: a node that has read epoch E and then everything stamped up to E knows
-- every status as of E, and a cached response made at epoch E is current exactly while the epoch is
-- still E (R-CA-3).
CREATE TABLE ca_status_epoch (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    epoch  bigint NOT NULL
);
INSERT INTO ca_status_epoch (id, epoch) VALUES (true, 0);
