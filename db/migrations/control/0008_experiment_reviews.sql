-- The trader's review of an experiment: approve (its evidence is accepted) or reject (dismissed; a
-- waiting one is taken off the queue). Who, when and an optional note, as JSON.
ALTER TABLE experiments ADD COLUMN review_json TEXT CHECK (review_json IS NULL OR json_valid(review_json));
