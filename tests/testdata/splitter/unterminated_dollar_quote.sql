CREATE FUNCTION f() RETURNS void AS $body$
BEGIN
  NULL;
END;
$bod$ LANGUAGE plpgsql;
