-- A delivery row changes state once or twice in its life (sent, then acknowledged). deliveries_by_notification
-- used to index the state as well, so each change wrote a new entry into both of the table's indexes. Indexed by
-- notification only, a state change touches no indexed column, and PostgreSQL can update the row in place (a
-- HOT update) when its page has room. Per-notification counts and the expiry sweep still find their rows through
-- this index, and read the state from the rows.
DROP INDEX deliveries_by_notification;
CREATE INDEX deliveries_by_notification ON deliveries (notification_seq);
