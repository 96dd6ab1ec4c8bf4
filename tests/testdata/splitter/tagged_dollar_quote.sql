CREATE OR REPLACE FUNCTION run_it() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE $$SELECT ';'$$;
  PERFORM $inner$ $fn $ ; $inner$;
END;
$fn$;
DO $_1$ BEGIN RAISE NOTICE 'x;'; END $_1$;
SELECT $fn$a$fn$ || $fn$ $fnx$ ;$fn$;
