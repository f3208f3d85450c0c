#!/bin/sh
# docker-compose's PostgreSQL, first start: a login per service and a read-only analyst (README,
# "Security"). The same privileges as the local stack's DatabaseLogins; DockerComposeTest holds
# them equal.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v ingest="$INGEST_PASSWORD" -v projection="$PROJECTION_PASSWORD" -v analyst="$ANALYST_PASSWORD" <<'SQL'
CREATE ROLE ingest LOGIN PASSWORD :'ingest';
CREATE ROLE projection LOGIN PASSWORD :'projection';
CREATE ROLE analyst LOGIN PASSWORD :'analyst';
ALTER ROLE analyst SET default_transaction_read_only = on;
ALTER ROLE analyst SET search_path = projection, public;
REVOKE ALL ON DATABASE custody FROM PUBLIC;
GRANT CONNECT ON DATABASE custody TO ingest, projection, analyst;
GRANT CREATE ON DATABASE custody TO projection;
CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION ingest;
SQL
