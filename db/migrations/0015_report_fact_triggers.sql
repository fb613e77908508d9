-- The report facts (conversation_facts, message_facts) and their daily sums are kept by triggers, so that every
-- write path (the inbound pipeline, agent replies, closing and reopening, the outbox, webhooks, unsubscribes, and
-- any added later) keeps them right. Then the facts of the data already there are filled in once.
CREATE TRIGGER report_facts_conversation_insert AFTER INSERT ON conversations BEGIN
  INSERT OR IGNORE INTO conversation_facts (conversation_id, opened_at, closed_at) VALUES (new.id, new.created_at, CASE WHEN new.status = 'closed' THEN coalesce(new.closed_at, new.updated_at) END);
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_conversation_status AFTER UPDATE OF status, closed_at ON conversations BEGIN
  UPDATE conversation_facts SET closed_at = CASE WHEN new.status = 'closed' THEN coalesce(new.closed_at, new.updated_at) END WHERE conversation_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_customer_message AFTER INSERT ON messages WHEN new.direction = 'in' AND new.kind = 'email' AND (new.classification = 'message' OR new.classification IS NULL) BEGIN
  UPDATE conversation_facts SET first_customer_at = new.created_at WHERE conversation_id = new.conversation_id AND first_customer_at IS NULL;
  UPDATE message_facts SET replied = 1
  WHERE conversation_id = new.conversation_id AND replied = 0 AND left_at < new.created_at AND left_at >= new.created_at - 604800000;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_agent_reply AFTER INSERT ON messages
WHEN new.direction = 'out' AND new.kind = 'email' AND new.author = 'agent' BEGIN
  UPDATE conversation_facts SET first_reply_at = new.created_at, first_reply_agent_id = new.author_agent_id
  WHERE conversation_id = new.conversation_id AND first_reply_at IS NULL AND first_customer_at <= new.created_at;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_outbound_insert AFTER INSERT ON messages WHEN new.direction = 'out' AND new.kind = 'email' BEGIN
  INSERT OR IGNORE INTO message_facts (message_id, conversation_id, contact_id, created_at, left_at, status, template, category, replied, complained, unsubscribed)
  SELECT new.id, new.conversation_id, c.contact_id, new.created_at, coalesce(new.sent_at, new.created_at), new.status, coalesce(new.template, ''), new.category,
    EXISTS (
      SELECT 1 FROM messages r
      WHERE r.conversation_id = new.conversation_id AND r.direction = 'in' AND r.kind = 'email' AND (r.classification = 'message' OR r.classification IS NULL)
        AND r.created_at > coalesce(new.sent_at, new.created_at) AND r.created_at <= coalesce(new.sent_at, new.created_at) + 604800000),
    new.provider_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM provider_events p WHERE p.provider_message_id = new.provider_id AND p.type = 'email.complained'),
    new.category = 'marketing' AND EXISTS (
      SELECT 1 FROM consent_log l
      WHERE l.contact_id = c.contact_id AND l.value = 'unsubscribed' AND l.source = 'unsubscribe link'
        AND l.created_at >= coalesce(new.sent_at, new.created_at) AND l.created_at <= coalesce(new.sent_at, new.created_at) + 604800000)
  FROM conversations c WHERE c.id = new.conversation_id;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_outbound_update AFTER UPDATE OF status, sent_at, provider_id ON messages
WHEN new.direction = 'out' AND new.kind = 'email' BEGIN
  UPDATE message_facts SET status = new.status, left_at = coalesce(new.sent_at, new.created_at),
    replied = EXISTS (
      SELECT 1 FROM messages r
      WHERE r.conversation_id = new.conversation_id AND r.direction = 'in' AND r.kind = 'email' AND (r.classification = 'message' OR r.classification IS NULL)
        AND r.created_at > coalesce(new.sent_at, new.created_at) AND r.created_at <= coalesce(new.sent_at, new.created_at) + 604800000),
    complained = new.provider_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM provider_events p WHERE p.provider_message_id = new.provider_id AND p.type = 'email.complained'),
    unsubscribed = new.category = 'marketing' AND EXISTS (
      SELECT 1 FROM consent_log l
      WHERE l.contact_id = message_facts.contact_id AND l.value = 'unsubscribed' AND l.source = 'unsubscribe link'
        AND l.created_at >= coalesce(new.sent_at, new.created_at) AND l.created_at <= coalesce(new.sent_at, new.created_at) + 604800000)
  WHERE message_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_complaint AFTER INSERT ON provider_events
WHEN new.type = 'email.complained' AND new.provider_message_id IS NOT NULL BEGIN
  UPDATE message_facts SET complained = 1
  WHERE complained = 0
    AND message_id IN (SELECT id FROM messages WHERE provider_id = new.provider_message_id AND direction = 'out' AND kind = 'email');
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_unsubscribe AFTER INSERT ON consent_log
WHEN new.value = 'unsubscribed' AND new.source = 'unsubscribe link' BEGIN
  UPDATE message_facts SET unsubscribed = 1
  WHERE contact_id = new.contact_id AND unsubscribed = 0 AND category = 'marketing'
    AND left_at <= new.created_at AND left_at >= new.created_at - 604800000;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_message_insert AFTER INSERT ON message_facts BEGIN
  INSERT INTO message_daily (day, status, template, category, messages, replied, complained, unsubscribed)
  VALUES (cast(new.created_at / 86400000 AS integer), new.status, new.template, new.category, 1, new.replied, new.complained, new.unsubscribed)
  ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, replied = replied + excluded.replied,
    complained = complained + excluded.complained, unsubscribed = unsubscribed + excluded.unsubscribed;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_message_update AFTER UPDATE ON message_facts BEGIN
  INSERT INTO message_daily (day, status, template, category, messages, replied, complained, unsubscribed)
  VALUES (cast(old.created_at / 86400000 AS integer), old.status, old.template, old.category, -1, -old.replied, -old.complained, -old.unsubscribed)
  ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, replied = replied + excluded.replied,
    complained = complained + excluded.complained, unsubscribed = unsubscribed + excluded.unsubscribed;
  INSERT INTO message_daily (day, status, template, category, messages, replied, complained, unsubscribed)
  VALUES (cast(new.created_at / 86400000 AS integer), new.status, new.template, new.category, 1, new.replied, new.complained, new.unsubscribed)
  ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, replied = replied + excluded.replied,
    complained = complained + excluded.complained, unsubscribed = unsubscribed + excluded.unsubscribed;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_message_delete AFTER DELETE ON message_facts BEGIN
  INSERT INTO message_daily (day, status, template, category, messages, replied, complained, unsubscribed)
  VALUES (cast(old.created_at / 86400000 AS integer), old.status, old.template, old.category, -1, -old.replied, -old.complained, -old.unsubscribed)
  ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, replied = replied + excluded.replied,
    complained = complained + excluded.complained, unsubscribed = unsubscribed + excluded.unsubscribed;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_conversation_insert AFTER INSERT ON conversation_facts BEGIN
  INSERT INTO conversation_daily (day, opened) SELECT cast(new.opened_at / 86400000 AS integer), 1 WHERE true
  ON CONFLICT DO UPDATE SET opened = opened + excluded.opened;
  INSERT INTO conversation_daily (day, closed) SELECT cast(new.closed_at / 86400000 AS integer), 1 WHERE new.closed_at IS NOT NULL
  ON CONFLICT DO UPDATE SET closed = closed + excluded.closed;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_conversation_update AFTER UPDATE OF opened_at, closed_at ON conversation_facts BEGIN
  INSERT INTO conversation_daily (day, opened) SELECT cast(old.opened_at / 86400000 AS integer), -1 WHERE new.opened_at IS NOT old.opened_at
  ON CONFLICT DO UPDATE SET opened = opened + excluded.opened;
  INSERT INTO conversation_daily (day, opened) SELECT cast(new.opened_at / 86400000 AS integer), 1 WHERE new.opened_at IS NOT old.opened_at
  ON CONFLICT DO UPDATE SET opened = opened + excluded.opened;
  INSERT INTO conversation_daily (day, closed) SELECT cast(old.closed_at / 86400000 AS integer), -1 WHERE old.closed_at IS NOT NULL AND new.closed_at IS NOT old.closed_at
  ON CONFLICT DO UPDATE SET closed = closed + excluded.closed;
  INSERT INTO conversation_daily (day, closed) SELECT cast(new.closed_at / 86400000 AS integer), 1 WHERE new.closed_at IS NOT NULL AND new.closed_at IS NOT old.closed_at
  ON CONFLICT DO UPDATE SET closed = closed + excluded.closed;
END;
--> statement-breakpoint
CREATE TRIGGER report_daily_conversation_delete AFTER DELETE ON conversation_facts BEGIN
  INSERT INTO conversation_daily (day, opened) SELECT cast(old.opened_at / 86400000 AS integer), -1 WHERE true
  ON CONFLICT DO UPDATE SET opened = opened + excluded.opened;
  INSERT INTO conversation_daily (day, closed) SELECT cast(old.closed_at / 86400000 AS integer), -1 WHERE old.closed_at IS NOT NULL
  ON CONFLICT DO UPDATE SET closed = closed + excluded.closed;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO conversation_facts (conversation_id, opened_at, closed_at, first_customer_at)
SELECT c.id, c.created_at, CASE WHEN c.status = 'closed' THEN coalesce(c.closed_at, c.updated_at) END,
  (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.kind = 'email' AND (m.classification = 'message' OR m.classification IS NULL))
FROM conversations c;
--> statement-breakpoint
UPDATE conversation_facts SET (first_reply_at, first_reply_agent_id) = (
  SELECT r.created_at, r.author_agent_id FROM messages r
  WHERE r.conversation_id = conversation_facts.conversation_id AND r.created_at >= conversation_facts.first_customer_at
    AND r.direction = 'out' AND r.author = 'agent' AND r.kind = 'email'
  ORDER BY r.created_at LIMIT 1)
WHERE first_customer_at IS NOT NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO message_facts (message_id, conversation_id, contact_id, created_at, left_at, status, template, category, replied, complained, unsubscribed)
SELECT m.id, m.conversation_id, c.contact_id, m.created_at, coalesce(m.sent_at, m.created_at), m.status, coalesce(m.template, ''), m.category,
    EXISTS (
      SELECT 1 FROM messages r
      WHERE r.conversation_id = m.conversation_id AND r.direction = 'in' AND r.kind = 'email' AND (r.classification = 'message' OR r.classification IS NULL)
        AND r.created_at > coalesce(m.sent_at, m.created_at) AND r.created_at <= coalesce(m.sent_at, m.created_at) + 604800000),
    m.provider_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM provider_events p WHERE p.provider_message_id = m.provider_id AND p.type = 'email.complained'),
    m.category = 'marketing' AND EXISTS (
      SELECT 1 FROM consent_log l
      WHERE l.contact_id = c.contact_id AND l.value = 'unsubscribed' AND l.source = 'unsubscribe link'
        AND l.created_at >= coalesce(m.sent_at, m.created_at) AND l.created_at <= coalesce(m.sent_at, m.created_at) + 604800000)
FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE m.direction = 'out' AND m.kind = 'email';
