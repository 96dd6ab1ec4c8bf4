/* file header; not a statement */
SELECT 1 /* outer /* inner; */ still a comment; */ + 1;
/* a comment-only statement is dropped */ ;
/*+ IndexScan(orders) */ SELECT * FROM orders;
SELECT 2 /**/;
