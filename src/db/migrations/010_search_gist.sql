-- Fuzzy name search: a GiST trigram index answers the word-similarity operator (<%) far faster than
-- GIN here (measured by npm run bench at 10,000 children).
DROP INDEX IF EXISTS children_search_trgm;
CREATE INDEX children_search_trgm ON children USING gist (search_text gist_trgm_ops);
