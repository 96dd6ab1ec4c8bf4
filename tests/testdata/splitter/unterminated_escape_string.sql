SELECT 'é';  SELECT E'ends with \';
