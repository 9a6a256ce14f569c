-- One row that the server rewrites in quiet time on an embedded H2 database, so that H2 drops its dead chunks
-- then rather than inside the next request (H2Housekeeper). Unused on PostgreSQL.
CREATE TABLE housekeeping (
    id     INT    NOT NULL,
    ticks  BIGINT NOT NULL,
    CONSTRAINT housekeeping_pk PRIMARY KEY (id)
);
INSERT INTO housekeeping (id, ticks) VALUES (1, 0);
