-- SQL access for analysts: role analyst (made by the local stack; made by your DBA elsewhere, or
-- absent, then nothing is granted) may read every table of this schema, now and as later
-- migrations add them, and nothing else. Granted in the schema a replay builds too, so the
-- grant moves with the rename that makes it live.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO analyst', current_schema());
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO analyst', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO analyst', current_schema());
    END IF;
END
$$;
