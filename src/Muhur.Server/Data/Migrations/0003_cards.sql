-- R-CARD-1: produced cards. The PIN and PUK are kept only as envelopes (AES-256-GCM under a per-card
-- data key, itself wrapped by the master key from configuration) for the holder's PIN/PUK screen
-- (R-CARD-2); neither is ever logged or stored in clear.
CREATE TABLE cards (
    serial              text PRIMARY KEY CHECK (serial ~ '^[A-Z0-9-]{4,32}$'),
    token_manufacturer  text NOT NULL,
    token_model         text NOT NULL,
    certificate_serial  bytea NOT NULL UNIQUE REFERENCES certificates (serial),
    person_id           uuid REFERENCES people (id),
    national_id         text NOT NULL,
    holder_name         text NOT NULL,
    master_key_id       text NOT NULL,
    wrapped_data_key    bytea NOT NULL,
    pin_envelope        bytea NOT NULL,
    puk_envelope        bytea NOT NULL,
    produced_at         timestamptz NOT NULL,
    produced_by         text NOT NULL
);
CREATE INDEX cards_national_id_idx ON cards (national_id);
