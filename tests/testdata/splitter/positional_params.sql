PREPARE find(int, text) AS SELECT * FROM t WHERE id = $1 AND name = $2;
EXECUTE find(1, 'a;b');
PREPARE glue(text) AS SELECT $1 || $$;$$ || $1;
SELECT a$1, $ , 2;
