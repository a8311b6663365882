-- R-APP-8, R-EONAY-1: verification codes the portal shows for the holder to sign with the card. Each
-- is for one purpose and one person, expires, and is used at most once.
CREATE TABLE verification_codes (
    code                text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
    purpose             text NOT NULL CHECK (purpose IN ('Application', 'EOnayConsent', 'OnlineOperation')),
    reference           text NOT NULL,
    national_id         text NOT NULL,
    issued_at           timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    used_at             timestamptz,
    signer_certificate  bytea REFERENCES certificates (serial),
    CHECK (expires_at > issued_at),
    CHECK ((used_at IS NULL) = (signer_certificate IS NULL))
);
CREATE INDEX verification_codes_reference_idx ON verification_codes (purpose, reference);
