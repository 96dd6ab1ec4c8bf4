SELECT E'it\'s; still a string';
SELECT e'ends with a backslash \\';
SELECT E'mixed \\\'; '' ;';
SELECT U&'d\0061t\+000061;';
SELECT 'done';
