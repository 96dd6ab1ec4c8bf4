CREATE FUNCTION sign_of(x int) RETURNS text
LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN 'positive; yes'
              WHEN x < 0 THEN 'negative'
              ELSE 'zero' END;
  SELECT CASE x WHEN 0 THEN 'still inside' END;
END;
create or replace function add_one(x int) returns int
begin atomic
  select x + 1;
end;
SELECT sign_of(1);
