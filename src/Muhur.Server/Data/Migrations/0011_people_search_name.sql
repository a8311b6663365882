-- R-APP-10: the centre's queue searches names across every institution (10,000+ applications, docs/benchmarks.md).
-- Lowering each name under the Turkish ICU collation in every query grows with the table; the lowered name is kept
-- beside it instead (I → ı, İ → i; Features/CentreDecision searches it with strpos).
ALTER TABLE people ADD COLUMN search_name text
    GENERATED ALWAYS AS (lower((given_name || ' ' || surname) COLLATE "tr-x-icu")) STORED;
