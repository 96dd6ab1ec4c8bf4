-- revision: d001a
-- down_revision:
-- message: audit log, indexed and altered as it is created

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS actor text NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_order_fk
    FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE audit_log ALTER COLUMN order_id SET NOT NULL;
