-- Who did what through the admin API, and what came of it. Kept apart from the read models: a
-- replay replaces the projection schema, never this one. Rows are only ever added.
CREATE TABLE admin_action (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text NOT NULL,   -- as recordedBy: "name <subject> via client", from the verified token
    action  text NOT NULL,   -- e.g. "replay", "replay confirm", "gaps accept"
    detail  text,            -- the request's parameters: bound, reason
    outcome text NOT NULL    -- what the service answered
);

CREATE FUNCTION admin_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_action is append-only: % is refused', TG_OP;
END
$$;

CREATE TRIGGER admin_action_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON admin_action
    FOR EACH STATEMENT EXECUTE FUNCTION admin_action_append_only();
