ALTER ROLE analyst SET default_transaction_read_only = on;
ALTER ROLE analyst SET search_path = projection, public;
REVOKE ALL ON DATABASE custody FROM PUBLIC;
GRANT CONNECT ON DATABASE custody TO ingest, projection, analyst;
GRANT CREATE ON DATABASE custody TO projection;
CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION ingest;
