-- API keys for the HTTP API (DESIGN §3.3). The key itself is shown once, at creation, and never stored:
-- only its SHA-256 digest. Keys are 32 random bytes, so a fast unsalted hash is enough (nobody can guess
-- a preimage) and it can be checked on every request; a password hash (bcrypt, PBKDF2) would not add safety
-- here and would cost milliseconds per request.
--  * id: short random public identifier, shown in listings and used to revoke ("initial" for the key
--    created at first start); notifications.api_key_id refers to it by value.
--  * key_hash: SHA-256 of the whole key text ("xp_…"), unique, looked up on every authenticated request.
--  * last_used_at: written at most once a minute per key and node, off the request path.
--  * revoked_at: set once; a revoked key is kept so that listings and history still name it.
-- Runs unchanged on H2 2.x and PostgreSQL (BYTEA as in V1).
CREATE TABLE api_keys (
    id            VARCHAR(64)              NOT NULL,
    name          VARCHAR(100)             NOT NULL,
    key_hash      BYTEA                    NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_keys_pk PRIMARY KEY (id),
    CONSTRAINT api_keys_hash_unique UNIQUE (key_hash)
);
