-- R-APP-1 … R-APP-8, R-EONAY-1, R-EONAY-2: what the first part of an application records, from the institution's
-- registration to the signed form.

-- R-APP-1: the mobile number the institution reports; the applicant confirms or changes it on the form.
ALTER TABLE people ADD COLUMN mobile_phone text CHECK (mobile_phone ~ '^\+905[0-9]{9}$');

ALTER TABLE applications
    -- R-APP-1: the access password, only hashed (Features/Applications/AccessPassword); a new one replaces it.
    ADD COLUMN access_password_hash        text,
    ADD COLUMN access_password_expires_at  timestamptz,
    ADD COLUMN access_password_sent_at     timestamptz,
    -- R-APP-4: what the applicant adds on the form; the security word only as a slow salted hash.
    ADD COLUMN mobile_phone                text CHECK (mobile_phone ~ '^\+905[0-9]{9}$'),
    ADD COLUMN province_code               smallint CHECK (province_code BETWEEN 1 AND 81),
    ADD COLUMN district                    text CHECK (length(district) BETWEEN 1 AND 100),
    ADD COLUMN address_line                text CHECK (length(address_line) BETWEEN 1 AND 500),
    ADD COLUMN postal_code                 text CHECK (postal_code ~ '^[0-9]{5}$'),
    ADD COLUMN security_word_hash          text,
    ADD COLUMN publish_consent             boolean,
    ADD COLUMN repeat_reason               text CHECK (length(repeat_reason) BETWEEN 1 AND 500),
    ADD COLUMN form_confirmed_at           timestamptz,
    ADD CHECK ((access_password_hash IS NULL) = (access_password_expires_at IS NULL)),
    ADD CHECK (form_confirmed_at IS NULL OR (mobile_phone IS NOT NULL AND province_code IS NOT NULL AND district IS NOT NULL
        AND address_line IS NOT NULL AND postal_code IS NOT NULL AND security_word_hash IS NOT NULL AND publish_consent IS NOT NULL));

-- R-ELIG-5: an individual payment's receipt (dekont), PDF or image, at most 5 MiB.
CREATE TABLE application_receipts (
    application_id  uuid PRIMARY KEY REFERENCES applications (id),
    file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type    text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    content         bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 5242880),
    uploaded_at     timestamptz NOT NULL,
    uploaded_by     text NOT NULL
);

-- R-APP-2 (WCAG 2.2 SC 3.3.8): the one-time login link, the alternative to the picture; only its hash is kept.
CREATE TABLE applicant_login_links (
    token_hash      bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    application_id  uuid NOT NULL REFERENCES applications (id),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX applicant_login_links_application_idx ON applicant_login_links (application_id);

-- R-APP-2, R-OPS-1: failed logins per key ('identifier:' + a keyed hash of the identifier, 'address:' + the client
-- address), for increasing delays; a success clears the identifier's row.
CREATE TABLE login_throttle (
    key              text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    failures         integer NOT NULL CHECK (failures >= 0),
    last_failure_at  timestamptz NOT NULL,
    blocked_until    timestamptz
);

-- R-APP-5: SMS approval codes, only hashed (Features/Applications/SmsApprovalRules); never the code in the clear.
CREATE TABLE application_sms_codes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    mobile_phone    text NOT NULL CHECK (mobile_phone ~ '^\+905[0-9]{9}$'),
    code_hash       bytea NOT NULL CHECK (octet_length(code_hash) = 32),
    sent_at         timestamptz NOT NULL,
    wrong_entries   integer NOT NULL DEFAULT 0 CHECK (wrong_entries BETWEEN 0 AND 3),
    used_at         timestamptz
);
CREATE INDEX application_sms_codes_application_idx ON application_sms_codes (application_id, sent_at);

-- R-APP-7: every wet form ever printed, by its barcode number (Features/Applications/FormNumber). The PDF prints the
-- security word, so it is kept only encrypted (ASP.NET Core Data Protection). A correction voids the form; the row
-- stays, so a voided number is never given out or accepted again.
CREATE SEQUENCE application_form_number_seq MAXVALUE 9999999;
CREATE TABLE application_forms (
    form_number     text PRIMARY KEY CHECK (form_number ~ '^[0-9]{12}$'),
    application_id  uuid NOT NULL REFERENCES applications (id),
    created_at      timestamptz NOT NULL,
    protected_pdf   bytea NOT NULL,
    voided_at       timestamptz,
    voided_reason   text
);
CREATE UNIQUE INDEX application_forms_one_valid_idx ON application_forms (application_id) WHERE voided_at IS NULL;
CREATE FUNCTION application_forms_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'application_forms rows are never deleted (R-APP-7: a voided barcode stays voided)';
END $$;
CREATE TRIGGER application_forms_no_delete BEFORE DELETE ON application_forms
    FOR EACH ROW EXECUTE FUNCTION application_forms_keep();

-- R-EONAY-1: a holder's E-Onay consent, given by signing a verification code with a valid qualified certificate of
-- ours; withdrawn by setting withdrawn_at. At most one in force per person.
CREATE TABLE eonay_consents (
    id                  uuid PRIMARY KEY,
    person_id           uuid NOT NULL REFERENCES people (id),
    verification_code   text NOT NULL REFERENCES verification_codes (code),
    certificate_serial  bytea NOT NULL REFERENCES certificates (serial),
    given_at            timestamptz NOT NULL,
    withdrawn_at        timestamptz,
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);
CREATE UNIQUE INDEX eonay_consents_in_force_idx ON eonay_consents (person_id) WHERE withdrawn_at IS NULL;
