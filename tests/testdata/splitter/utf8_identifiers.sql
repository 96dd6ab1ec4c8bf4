CREATE TABLE café (naïve text, "日本;語" int);
INSERT INTO café VALUES ('é😀;', 1); SELECT "日本;語" FROM café;
SELECT $ü$ ü;ü $ü$;
