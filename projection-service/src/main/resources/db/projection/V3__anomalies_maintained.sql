-- Reference anomalies (unknown facility or operation) are now kept in derived_anomaly under the
-- facility or operation they name, so /anomalies reads an index instead of scanning transfers.
CREATE INDEX transfer_by_origin ON transfer (from_facility_id, initiated_at);
CREATE INDEX retraction_by_time ON retraction (occurred_at);
