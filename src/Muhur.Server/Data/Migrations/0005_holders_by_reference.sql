-- Certificates and cards refer to their holder (people) and institution (institutions) by key instead of
-- carrying copies of the holder's national ID, names and institution name. The renewal rule (R-REN-1/2)
-- keys on (person_id, institution_id); what a certificate says about its holder stays in its DER.
--
-- Existing rows are linked: institutions by name, people by national ID within that institution. Rows
-- that name an institution or person nobody registered get one created from what the rows say
-- (created_by 'migration:0005'), so nothing is lost. Such a person has no known e-mail address: the
-- reserved domain .invalid (RFC 2606 §2) says so rather than inventing one.

ALTER TABLE certificates ADD COLUMN institution_id uuid REFERENCES institutions (id);
ALTER TABLE cards ADD COLUMN institution_id uuid REFERENCES institutions (id);

-- A certificate already linked to a registered person was issued for that person's registration.
UPDATE certificates c SET institution_id = p.institution_id
FROM people p
WHERE c.person_id = p.id;

-- Otherwise the institution is the one of that name (the oldest, should two share it); a certificate
-- issued without an institution belongs to one that says so.
CREATE TEMPORARY TABLE migration_0005_institutions ON COMMIT DROP AS
SELECT DISTINCT coalesce(nullif(btrim(institution), ''), 'Kurum belirtilmemiş') AS name, NULL::uuid AS id, false AS created
FROM certificates
WHERE institution_id IS NULL;

UPDATE migration_0005_institutions n SET id = (
    SELECT i.id FROM institutions i WHERE i.name = n.name ORDER BY i.created_at, i.id LIMIT 1);
UPDATE migration_0005_institutions SET id = gen_random_uuid(), created = true WHERE id IS NULL;

INSERT INTO institutions (id, code, name)
SELECT id, 'GOC-' || upper(substr(md5(name), 1, 12)), CASE WHEN length(name) < 2 THEN name || ' (kurum)' ELSE left(name, 200) END
FROM migration_0005_institutions
WHERE created;

UPDATE certificates c SET institution_id = n.id
FROM migration_0005_institutions n
WHERE c.institution_id IS NULL
  AND n.name = coalesce(nullif(btrim(c.institution), ''), 'Kurum belirtilmemiş');

-- People: the registration with this national ID at this institution.
UPDATE certificates c SET person_id = p.id
FROM people p
WHERE c.person_id IS NULL
  AND p.institution_id = c.institution_id
  AND p.identifier_kind IN ('TurkishIdentityNumber', 'ForeignerIdentityNumber')
  AND p.identifier_country = 'TR'
  AND p.identifier_number = c.national_id;

-- Holders nobody registered: one person per national ID and institution, named as on their latest certificate.
INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname,
                    corporate_email, created_by)
SELECT DISTINCT ON (c.institution_id, c.national_id)
       gen_random_uuid(),
       c.institution_id,
       CASE WHEN c.national_id LIKE '99%' THEN 'ForeignerIdentityNumber' ELSE 'TurkishIdentityNumber' END,
       c.national_id,
       'TR',
       left(c.given_name, 100),
       left(c.surname, 100),
       'bilinmiyor-' || c.national_id || '@kayit.invalid',
       'migration:0005'
FROM certificates c
WHERE c.person_id IS NULL
ORDER BY c.institution_id, c.national_id, c.issued_at DESC;

UPDATE certificates c SET person_id = p.id
FROM people p
WHERE c.person_id IS NULL
  AND p.institution_id = c.institution_id
  AND p.identifier_kind IN ('TurkishIdentityNumber', 'ForeignerIdentityNumber')
  AND p.identifier_number = c.national_id;

-- A card carries exactly one certificate: it is that certificate's holder's card.
UPDATE cards k SET person_id = c.person_id, institution_id = c.institution_id
FROM certificates c
WHERE c.serial = k.certificate_serial;

ALTER TABLE certificates
    ALTER COLUMN person_id SET NOT NULL,
    ALTER COLUMN institution_id SET NOT NULL,
    DROP COLUMN national_id,
    DROP COLUMN given_name,
    DROP COLUMN surname,
    DROP COLUMN institution;
CREATE INDEX certificates_holder_idx ON certificates (person_id, institution_id, not_after DESC);

ALTER TABLE cards
    ALTER COLUMN person_id SET NOT NULL,
    ALTER COLUMN institution_id SET NOT NULL,
    DROP COLUMN national_id,
    DROP COLUMN holder_name;
CREATE INDEX cards_person_idx ON cards (person_id);
