-- Issue 17 item 5, found by the restore drill: pg_restore runs with an empty search_path, and the generated column
-- children.search_keys calls name_search_keys (031), whose body calls dmetaphone unqualified, so a server's pg_dump did
-- not restore ("function dmetaphone(text) does not exist"). The function now carries its own search path: the schema
-- the fuzzystrmatch extension was installed in (public, or the app's schema), then pg_catalog.
DO $$ BEGIN
  EXECUTE format('ALTER FUNCTION name_search_keys(text) SET search_path = %I, pg_catalog',
    (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'fuzzystrmatch'));
END $$;
