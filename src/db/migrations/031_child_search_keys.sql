-- Issue 15 item 13: finding a child whose name was misspelt. Each word of a child's names and aliases gives keys
-- that a typing slip leaves in common: the word itself and the word less any one letter ('d:'; a swapped pair of
-- letters, a wrong, missing or extra letter all share one), and its double-metaphone codes ('p:'; names that
-- sound the same). The search looks candidates up by any key of the words typed (a GIN index), and the app ranks
-- them (domain/children/matching.ts). A generated column: kept with search_text by the database itself, and
-- computed here for every child already recorded.
CREATE OR REPLACE FUNCTION name_search_keys(names text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT k), '{}'::text[])
    FROM (SELECT w FROM regexp_split_to_table(lower(coalesce(names, '')), '[^[:alpha:]]+') AS w WHERE length(w) > 1) AS words,
         LATERAL (
           SELECT 'd:' || w
           UNION ALL
           SELECT 'd:' || left(w, i - 1) || substr(w, i + 1) FROM generate_series(1, length(w)) AS i WHERE length(w) >= 4
           UNION ALL
           SELECT 'p:' || dmetaphone(w) WHERE dmetaphone(w) <> ''
           UNION ALL
           SELECT 'p:' || dmetaphone_alt(w) WHERE dmetaphone_alt(w) <> ''
         ) AS keys(k)
$$;

ALTER TABLE children ADD COLUMN search_keys text[] GENERATED ALWAYS AS (name_search_keys(search_text)) STORED;
CREATE INDEX children_search_keys ON children USING gin (search_keys);
