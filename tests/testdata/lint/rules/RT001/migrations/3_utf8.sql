-- revision: rt001_3
-- down_revision: rt001_2
-- message: multi-byte text before the error

-- migrate:upgrade
COMMENT ON TABLE orders IS 'Bestellungen für Kunden';
SELEC 1;
