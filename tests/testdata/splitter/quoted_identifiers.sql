CREATE TABLE "weird;name" ("col ""x"";" int);
ALTER TABLE "weird;name" RENAME TO "plain";
SELECT "a$$b" FROM "plain";
