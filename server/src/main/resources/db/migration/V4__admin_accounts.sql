-- Console accounts (DESIGN §3.1): operators who sign in to the admin console on the HTTP port. Separate from
-- the XMPP accounts of V1: an operator is not a device, and a device's password must never open the console.
--  * password_hash: bcrypt ($2a$, cost in the hash), 60 characters; never the password.
--  * The first start creates the account "admin" (password generated and printed once, or XPUSH_ADMIN_PASSWORD).
-- Failed sign-ins are counted in memory per node (lockout/back-off), not here.
-- Runs unchanged on H2 2.x and PostgreSQL.
CREATE TABLE admin_accounts (
    username             VARCHAR(64)              NOT NULL,
    password_hash        VARCHAR(100)             NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT admin_accounts_pk PRIMARY KEY (username)
);
