-- leading comment; with 'quote' and "ident" and $$
SELECT 1; -- trailing comment; it's ignored
SELECT -- a comment inside; kept
  2;
SELECT 3 -- $$ is not a dollar quote here
;
-- only a comment at the end; no statement
