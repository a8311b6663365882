-- R-APP-9: a batch not yet sent can be cancelled (a form in it was corrected meanwhile, or the letter was wrong); it
-- is kept, never deleted, and its forms are free to travel in a new batch.
ALTER TABLE forwarding_batches
    ADD COLUMN cancelled_at  timestamptz,
    ADD COLUMN cancelled_by  text,
    ADD CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL)),
    ADD CHECK (cancelled_at IS NULL OR sent_at IS NULL);

-- A form is in at most one batch that is not cancelled: the cancelled batch keeps its list, marked withdrawn.
ALTER TABLE forwarding_batch_forms ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;
DROP INDEX forwarding_batch_forms_form_idx;
CREATE UNIQUE INDEX forwarding_batch_forms_form_idx ON forwarding_batch_forms (form_number) WHERE NOT withdrawn;
CREATE INDEX forwarding_batch_forms_batch_idx ON forwarding_batch_forms (batch_id);

-- The centre's list of batches waiting at the door.
CREATE INDEX forwarding_batches_sent_idx ON forwarding_batches (sent_at) WHERE sent_at IS NOT NULL;
