INSERT INTO notes (body) VALUES ('one; two'), ('it''s; fine');
UPDATE notes SET body = ';' WHERE body = '''';
-- standard_conforming_strings: a backslash does not escape a quote
SELECT 'C:\path\';
SELECT 'next';
