-- R-APP-2, R-OPS-1: "Resimdeki yazı" pictures, answered once, with the answer only as a hash.
CREATE TABLE captcha_challenges (
    id           text PRIMARY KEY CHECK (length(id) BETWEEN 16 AND 64),
    answer_hash  bytea NOT NULL CHECK (length(answer_hash) = 32),
    image        bytea NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX captcha_challenges_expires_idx ON captcha_challenges (expires_at);
