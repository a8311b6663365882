-- R-APP-9 … R-APP-11, R-ELIG-5, R-CARD-1, R-X-2 … R-X-4: what the second part of an application records, from the
-- institution's forwarding of the paper forms to the card in the holder's hand.

-- R-APP-10, R-X-2: where the institution and the centre are told about an application (the cover letter's
-- letterhead and the decision e-mails).
ALTER TABLE institutions
    ADD COLUMN postal_address  text CHECK (length(postal_address) BETWEEN 1 AND 500),
    ADD COLUMN phone           text CHECK (length(phone) BETWEEN 1 AND 40),
    ADD COLUMN email           text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
ALTER TABLE staff_accounts
    ADD COLUMN email           text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');

-- R-APP-9: the institution authority marks each signed paper form received, by its barcode.
ALTER TABLE application_forms
    ADD COLUMN received_by_institution_at  timestamptz,
    ADD COLUMN received_by_institution_by  text,
    ADD CHECK ((received_by_institution_at IS NULL) = (received_by_institution_by IS NULL));

-- R-APP-9: a batch of signed paper forms the institution sends to the centre with its cover letter (üst yazı).
-- The letter is kept as made; a batch is never deleted.
CREATE SEQUENCE forwarding_batch_number_seq;
CREATE TABLE forwarding_batches (
    id                 uuid PRIMARY KEY,
    institution_id     uuid NOT NULL REFERENCES institutions (id),
    letter_number      text NOT NULL UNIQUE CHECK (length(letter_number) BETWEEN 1 AND 60),
    letter_date        date NOT NULL,
    letter_pdf         bytea NOT NULL,
    courier_reference  text CHECK (length(courier_reference) BETWEEN 1 AND 60),
    created_at         timestamptz NOT NULL,
    created_by         text NOT NULL,
    sent_at            timestamptz,
    sent_by            text,
    -- R-APP-9: the centre opened the envelope and finished marking its forms.
    received_at        timestamptz,
    received_by        text,
    CHECK ((sent_at IS NULL) = (sent_by IS NULL)),
    CHECK ((received_at IS NULL) = (received_by IS NULL)),
    CHECK (received_at IS NULL OR sent_at IS NOT NULL)
);
CREATE INDEX forwarding_batches_institution_idx ON forwarding_batches (institution_id, created_at);

CREATE TABLE forwarding_batch_forms (
    batch_id        uuid NOT NULL REFERENCES forwarding_batches (id),
    form_number     text NOT NULL REFERENCES application_forms (form_number),
    application_id  uuid NOT NULL REFERENCES applications (id),
    -- R-APP-9: the centre found this form in the envelope.
    received_at     timestamptz,
    received_by     text,
    PRIMARY KEY (batch_id, form_number),
    CHECK ((received_at IS NULL) = (received_by IS NULL))
);
CREATE UNIQUE INDEX forwarding_batch_forms_form_idx ON forwarding_batch_forms (form_number);

-- R-APP-9: what did not match when the centre opened a batch: a barcode not in the batch, a voided barcode, an
-- unknown barcode, or a form missing from the envelope.
CREATE TABLE forwarding_batch_findings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id     uuid NOT NULL REFERENCES forwarding_batches (id),
    form_number  text NOT NULL CHECK (length(form_number) BETWEEN 1 AND 40),
    finding      text NOT NULL CHECK (finding IN ('NotInBatch', 'Voided', 'Unknown', 'Missing')),
    recorded_at  timestamptz NOT NULL,
    recorded_by  text NOT NULL
);
CREATE INDEX forwarding_batch_findings_batch_idx ON forwarding_batch_findings (batch_id, id);

-- R-ELIG-5: an individual payment's receipt is accepted (or refused with a reason) by the centre before approval.
ALTER TABLE application_receipts
    ADD COLUMN accepted_at      timestamptz,
    ADD COLUMN accepted_by      text,
    ADD COLUMN refused_at       timestamptz,
    ADD COLUMN refused_by       text,
    ADD COLUMN refused_reason   text CHECK (length(refused_reason) BETWEEN 1 AND 500),
    ADD CHECK ((accepted_at IS NULL) = (accepted_by IS NULL)),
    ADD CHECK ((refused_at IS NULL) = (refused_by IS NULL) AND (refused_at IS NULL) = (refused_reason IS NULL)),
    ADD CHECK (accepted_at IS NULL OR refused_at IS NULL);

-- R-CARD-1: the card made for an application (one card per application, one application per card).
ALTER TABLE applications ADD COLUMN card_serial text UNIQUE REFERENCES cards (serial);
ALTER TABLE applications ADD CHECK (card_serial IS NOT NULL OR state NOT IN ('CardProduced', 'Shipped', 'Delivered'));

-- R-APP-10: the officer's queue reads by state, institution and method.
CREATE INDEX applications_state_idx ON applications (state, updated_at);

-- R-APP-10: a shipment per card, to the address on the form; a returned parcel is sent again as a new shipment.
CREATE TABLE shipments (
    id               uuid PRIMARY KEY,
    application_id   uuid NOT NULL REFERENCES applications (id),
    card_serial      text NOT NULL REFERENCES cards (serial),
    provider         text NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
    tracking_number  text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 60),
    recipient_name   text NOT NULL,
    province_code    smallint NOT NULL CHECK (province_code BETWEEN 1 AND 81),
    district         text NOT NULL,
    address_line     text NOT NULL,
    postal_code      text NOT NULL CHECK (postal_code ~ '^[0-9]{5}$'),
    mobile_phone     text CHECK (mobile_phone ~ '^\+905[0-9]{9}$'),
    state            text NOT NULL CHECK (state IN ('Sent', 'Delivered', 'Returned')),
    created_at       timestamptz NOT NULL,
    created_by       text NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (provider, tracking_number)
);
CREATE INDEX shipments_application_idx ON shipments (application_id, created_at);
CREATE UNIQUE INDEX shipments_one_open_idx ON shipments (card_serial) WHERE state = 'Sent';

-- R-APP-11: the call centre records requests to change a holder's surname or institution, with the evidence.
CREATE TABLE person_change_requests (
    id             uuid PRIMARY KEY,
    person_id      uuid NOT NULL REFERENCES people (id),
    kind           text NOT NULL CHECK (kind IN ('Surname', 'Institution')),
    old_value      text NOT NULL,
    new_value      text NOT NULL CHECK (length(new_value) BETWEEN 1 AND 200),
    evidence       text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 1000),
    -- A surname change while a certificate is valid: the certificate's name cannot change, a new one is needed.
    needs_new_certificate boolean NOT NULL,
    recorded_at    timestamptz NOT NULL,
    recorded_by    text NOT NULL
);
CREATE INDEX person_change_requests_person_idx ON person_change_requests (person_id, recorded_at);

-- R-APP-11, R-LOST-1: the call centre's identity checks of a caller; failures are counted per person.
CREATE TABLE caller_identity_checks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   uuid NOT NULL REFERENCES people (id),
    checked_by  text NOT NULL,
    checked_at  timestamptz NOT NULL,
    matched     boolean NOT NULL,
    questions   text NOT NULL
);
CREATE INDEX caller_identity_checks_person_idx ON caller_identity_checks (person_id, checked_at);

-- R-CA-4, issue 11 item 7: the audit log is searched by what it is about.
CREATE INDEX audit_log_subject_idx ON audit_log (subject);
CREATE INDEX audit_log_actor_idx ON audit_log (actor);
