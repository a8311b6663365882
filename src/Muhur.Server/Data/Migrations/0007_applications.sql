-- R-APP-1 … R-APP-10, R-ELIG-5: applications, one per person, institution and round, with the state machine's
-- current state (Features/Applications/ApplicationStateRules) and every change of it; and the mail domains an
-- institution's corporate addresses must be in (R-APP-1).
CREATE TABLE institution_mail_domains (
    institution_id  uuid NOT NULL REFERENCES institutions (id),
    domain          text NOT NULL CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9-]+(\.[a-z0-9-]+)+$'),
    PRIMARY KEY (institution_id, domain)
);

CREATE TABLE applications (
    id                    uuid PRIMARY KEY,
    person_id             uuid NOT NULL REFERENCES people (id),
    institution_id        uuid NOT NULL REFERENCES institutions (id),
    kind                  text NOT NULL CHECK (kind IN ('First', 'Renewal', 'LostOrStolen', 'FaultyCard')),
    payment               text NOT NULL CHECK (payment IN ('Institution', 'Individual')),
    eligibility_reason    text NOT NULL CHECK (eligibility_reason IN ('Position', 'Deputy', 'Project', 'Individual')),
    eligibility_position  text,
    eligibility_decided_by text NOT NULL,
    signing_method        text CHECK (signing_method IN ('WetSigned', 'ESigned', 'EOnay')),
    state                 text NOT NULL CHECK (state IN ('Registered', 'PasswordSent', 'FormConfirmed', 'PhoneApproved',
                              'WetFormPrinted', 'ESigned', 'EApproved', 'ForwardedToCentre', 'ReceivedByCentre', 'Approved',
                              'CardProduced', 'Shipped', 'Delivered', 'Cancelled', 'Rejected')),
    created_at            timestamptz NOT NULL,
    created_by            text NOT NULL,
    updated_at            timestamptz NOT NULL,
    CHECK ((payment = 'Individual') = (eligibility_reason = 'Individual'))
);
CREATE INDEX applications_institution_state_idx ON applications (institution_id, state);
CREATE INDEX applications_person_idx ON applications (person_id);
-- One open application per person and institution: a finished one (delivered, cancelled, rejected) makes room.
CREATE UNIQUE INDEX applications_one_open_idx ON applications (person_id, institution_id)
    WHERE state NOT IN ('Delivered', 'Cancelled', 'Rejected');

CREATE TABLE application_state_changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    from_state      text,
    to_state        text NOT NULL,
    event           text NOT NULL,
    actor           text NOT NULL,
    reason          text,
    changed_at      timestamptz NOT NULL
);
CREATE INDEX application_state_changes_application_idx ON application_state_changes (application_id, id);
