CREATE TABLE t (
  id int
);
INSERT INTO t VALUES (1);

-- comment
SELECT $$a;
b$$;
