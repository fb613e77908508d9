-- conversation_facts.first_customer_week, response_ms and response_bucket follow first_customer_at and first_reply_at:
-- the day number of the Monday (UTC) of the first customer message's week, the reply time, and its bucket as
-- src/domain/reports/response-buckets.ts numbers them (whole seconds below 100 s; then the number of decimal digits of
-- the seconds times 100 plus their first two digits), the last two null while unanswered. Stored rather than generated:
-- SQLite reads a virtual column from the table even when an index holds it. Then the rows already there are filled in.
CREATE TRIGGER report_facts_response_insert AFTER INSERT ON conversation_facts WHEN new.first_customer_at IS NOT NULL BEGIN
  UPDATE conversation_facts SET first_customer_week = cast(new.first_customer_at / 86400000 AS integer) - ((cast(new.first_customer_at / 86400000 AS integer) + 3) % 7),
    response_ms = new.first_reply_at - new.first_customer_at,
    response_bucket = CASE WHEN (new.first_reply_at - new.first_customer_at) / 1000 < 100 THEN (new.first_reply_at - new.first_customer_at) / 1000
      ELSE length((new.first_reply_at - new.first_customer_at) / 1000) * 100 + cast(substr((new.first_reply_at - new.first_customer_at) / 1000, 1, 2) AS integer) END
  WHERE conversation_id = new.conversation_id;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_response_update AFTER UPDATE OF first_customer_at, first_reply_at ON conversation_facts BEGIN
  UPDATE conversation_facts SET first_customer_week = cast(new.first_customer_at / 86400000 AS integer) - ((cast(new.first_customer_at / 86400000 AS integer) + 3) % 7),
    response_ms = new.first_reply_at - new.first_customer_at,
    response_bucket = CASE WHEN (new.first_reply_at - new.first_customer_at) / 1000 < 100 THEN (new.first_reply_at - new.first_customer_at) / 1000
      ELSE length((new.first_reply_at - new.first_customer_at) / 1000) * 100 + cast(substr((new.first_reply_at - new.first_customer_at) / 1000, 1, 2) AS integer) END
  WHERE conversation_id = new.conversation_id;
END;
--> statement-breakpoint
UPDATE conversation_facts SET first_customer_week = cast(first_customer_at / 86400000 AS integer) - ((cast(first_customer_at / 86400000 AS integer) + 3) % 7),
    response_ms = first_reply_at - first_customer_at,
    response_bucket = CASE WHEN (first_reply_at - first_customer_at) / 1000 < 100 THEN (first_reply_at - first_customer_at) / 1000
      ELSE length((first_reply_at - first_customer_at) / 1000) * 100 + cast(substr((first_reply_at - first_customer_at) / 1000, 1, 2) AS integer) END
WHERE first_customer_at IS NOT NULL;
