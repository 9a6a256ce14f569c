-- Accounts: one row per XMPP user. Only the SCRAM verifiers of RFC 5802 §3 (salt, iteration count,
-- StoredKey, ServerKey) for SCRAM-SHA-1 and SCRAM-SHA-256 are kept, never a password.
--
-- Every migration runs unchanged on H2 2.x (default mode) and on PostgreSQL:
--  * BYTEA is PostgreSQL's binary type and H2 accepts it as a synonym of BINARY VARYING, so the keys are
--    stored as raw bytes on both (no base64 detour). VARBINARY would not run on PostgreSQL.
--  * VARCHAR(1023): a JID local part is at most 1023 octets (RFC 7622 §3.3.1); counting characters is a
--    superset. The user name is stored as given: the caller lower-cases it (nodeprep), the store does not.
--  * TIMESTAMP WITH TIME ZONE is an absolute instant on both (PostgreSQL stores UTC).
-- Ordering and LIKE follow the column's collation. PostgreSQL databases created with a non-"C" collation
-- still page by the primary key index; only a prefix filter then scans that index instead of seeking.
CREATE TABLE accounts (
    username                 VARCHAR(1023)            NOT NULL,
    scram_sha1_salt          BYTEA                    NOT NULL,
    scram_sha1_iterations    INTEGER                  NOT NULL,
    scram_sha1_stored_key    BYTEA                    NOT NULL,
    scram_sha1_server_key    BYTEA                    NOT NULL,
    scram_sha256_salt        BYTEA                    NOT NULL,
    scram_sha256_iterations  INTEGER                  NOT NULL,
    scram_sha256_stored_key  BYTEA                    NOT NULL,
    scram_sha256_server_key  BYTEA                    NOT NULL,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT accounts_pk PRIMARY KEY (username),
    CONSTRAINT accounts_iterations_positive CHECK (scram_sha1_iterations > 0 AND scram_sha256_iterations > 0)
);
