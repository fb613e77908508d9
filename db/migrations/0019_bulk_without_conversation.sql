-- messages.conversation_id becomes nullable (a bulk or broadcast message gets its conversation on the first reply,
-- src/services/unthreadedMessages.ts) and messages.contact_id names the recipient of such a message. SQLite cannot
-- drop NOT NULL in place, so the table is rebuilt: the copy keeps every rowid (messages_fts, messages_fts_pending and
-- the word index are keyed by it). Dropping the old table drops its triggers; each trigger on messages that
-- 0001..0018 made is made again below under its name, the same logic, but skipping rows in no conversation where
-- that logic needs one (search finds conversations; report facts join them). Two triggers are new: a message that
-- joins its first conversation is queued for search then, and its report fact follows it into that conversation.
-- (messages_status_idx is gone since 0018: no query reads by it; the delivery history's sends read by contact.)
-- libSQL's migrate() runs this with foreign keys off, so the DROP cascades into nothing (message_facts stays).
-- report_facts_complaint (on provider_events) reads messages: the rename refuses while it names a missing table, so it
-- is dropped first and made again, unchanged, after.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
DROP TRIGGER `report_facts_complaint`;--> statement-breakpoint
CREATE TABLE `__new_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text,
	`contact_id` text,
	`kind` text DEFAULT 'email' NOT NULL,
	`direction` text NOT NULL,
	`author` text NOT NULL,
	`author_agent_id` text,
	`message_id_header` text,
	`in_reply_to` text,
	`references` text,
	`from_address` text,
	`from_name` text,
	`to_addresses` text DEFAULT '[]' NOT NULL,
	`cc_addresses` text DEFAULT '[]' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`headers` text,
	`text` text,
	`html` text,
	`reply_text` text,
	`quoted_text` text,
	`signature` text,
	`status` text NOT NULL,
	`status_reason` text,
	`provider_id` text,
	`template` text,
	`locale` text,
	`category` text DEFAULT 'support' NOT NULL,
	`thread_rule` text,
	`flag` text,
	`classification` text,
	`inbound_email_id` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`delivered_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_messages`("rowid", "id", "conversation_id", "contact_id", "kind", "direction", "author", "author_agent_id", "message_id_header", "in_reply_to", "references", "from_address", "from_name", "to_addresses", "cc_addresses", "subject", "headers", "text", "html", "reply_text", "quoted_text", "signature", "status", "status_reason", "provider_id", "template", "locale", "category", "thread_rule", "flag", "classification", "inbound_email_id", "idempotency_key", "created_at", "sent_at", "delivered_at") SELECT "rowid", "id", "conversation_id", NULL, "kind", "direction", "author", "author_agent_id", "message_id_header", "in_reply_to", "references", "from_address", "from_name", "to_addresses", "cc_addresses", "subject", "headers", "text", "html", "reply_text", "quoted_text", "signature", "status", "status_reason", "provider_id", "template", "locale", "category", "thread_rule", "flag", "classification", "inbound_email_id", "idempotency_key", "created_at", "sent_at", "delivered_at" FROM `messages`;--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_message_id_header_unique` ON `messages` (`message_id_header`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_idempotency_key_unique` ON `messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_provider_id_idx` ON `messages` (`provider_id`);--> statement-breakpoint
CREATE INDEX `messages_inbound_email_idx` ON `messages` (`inbound_email_id`);--> statement-breakpoint
CREATE INDEX `messages_unthreaded_contact_idx` ON `messages` (`contact_id`,`created_at`) WHERE "messages"."conversation_id" is null;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_insert` AFTER INSERT ON `messages` WHEN new.conversation_id IS NOT NULL BEGIN
  INSERT INTO `messages_fts_pending` (`message_rowid`) VALUES (new.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_update` AFTER UPDATE OF `subject`, `text`, `reply_text` ON `messages`
WHEN new.conversation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `messages_fts_pending` WHERE `message_rowid` = old.rowid) BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `messages_fts` (`rowid`, `message_id`, `conversation_id`, `subject`, `body`)
  VALUES (new.rowid, new.id, new.conversation_id, new.subject,
    CASE WHEN new.direction = 'in' OR new.author = 'agent' THEN coalesce(new.reply_text, new.text, '') ELSE '' END);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_delete` AFTER DELETE ON `messages` BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
  DELETE FROM `messages_fts_pending` WHERE `message_rowid` = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_words_after_update` AFTER UPDATE OF `subject`, `text`, `reply_text` ON `messages`
WHEN new.conversation_id IS NOT NULL BEGIN
  DELETE FROM `messages_words_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `messages_words_stale` (`fts_rowid`) VALUES (old.rowid)
    ON CONFLICT (`fts_rowid`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_words_after_delete` AFTER DELETE ON `messages` BEGIN
  DELETE FROM `messages_words_fts` WHERE `rowid` = old.rowid;
  DELETE FROM `messages_words_stale` WHERE `fts_rowid` = old.rowid;
END;
--> statement-breakpoint
-- A message that joins its first conversation becomes searchable: queued for the trigram index, and marked for the
-- word index, whose high-water mark may be above its (old) rowid.
CREATE TRIGGER `messages_search_after_thread` AFTER UPDATE OF `conversation_id` ON `messages`
WHEN old.conversation_id IS NULL AND new.conversation_id IS NOT NULL BEGIN
  INSERT OR IGNORE INTO `messages_fts_pending` (`message_rowid`) VALUES (new.rowid);
  INSERT INTO `messages_words_stale` (`fts_rowid`) VALUES (new.rowid)
    ON CONFLICT (`fts_rowid`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_customer_message AFTER INSERT ON messages
WHEN new.direction = 'in' AND new.kind = 'email' AND (new.classification = 'message' OR new.classification IS NULL)
  AND new.conversation_id IS NOT NULL BEGIN
  UPDATE conversation_facts SET first_customer_at = new.created_at WHERE conversation_id = new.conversation_id AND first_customer_at IS NULL;
  UPDATE message_facts SET replied = 1
  WHERE conversation_id = new.conversation_id AND replied = 0 AND left_at < new.created_at AND left_at >= new.created_at - 604800000;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_agent_reply AFTER INSERT ON messages
WHEN new.direction = 'out' AND new.kind = 'email' AND new.author = 'agent' AND new.conversation_id IS NOT NULL BEGIN
  UPDATE conversation_facts SET first_reply_at = new.created_at, first_reply_agent_id = new.author_agent_id
  WHERE conversation_id = new.conversation_id AND first_reply_at IS NULL AND first_customer_at <= new.created_at;
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_outbound_insert AFTER INSERT ON messages
WHEN new.direction = 'out' AND new.kind = 'email' AND new.conversation_id IS NOT NULL BEGIN
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
-- A message written in no conversation (a bulk or broadcast send) has its fact on its own contact_id, with
-- conversation_id '' until it joins one (report_facts_outbound_thread); nobody can have replied to it yet.
CREATE TRIGGER report_facts_unthreaded_insert AFTER INSERT ON messages
WHEN new.direction = 'out' AND new.kind = 'email' AND new.conversation_id IS NULL AND new.contact_id IS NOT NULL BEGIN
  INSERT OR IGNORE INTO message_facts (message_id, conversation_id, contact_id, created_at, left_at, status, template, category, replied, complained, unsubscribed)
  VALUES (new.id, '', new.contact_id, new.created_at, coalesce(new.sent_at, new.created_at), new.status, coalesce(new.template, ''), new.category, 0,
    new.provider_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM provider_events p WHERE p.provider_message_id = new.provider_id AND p.type = 'email.complained'),
    new.category = 'marketing' AND EXISTS (
      SELECT 1 FROM consent_log l
      WHERE l.contact_id = new.contact_id AND l.value = 'unsubscribed' AND l.source = 'unsubscribe link'
        AND l.created_at >= coalesce(new.sent_at, new.created_at) AND l.created_at <= coalesce(new.sent_at, new.created_at) + 604800000));
END;
--> statement-breakpoint
CREATE TRIGGER report_facts_outbound_thread AFTER UPDATE OF conversation_id ON messages
WHEN new.direction = 'out' AND new.kind = 'email' AND new.conversation_id IS NOT NULL BEGIN
  UPDATE message_facts SET conversation_id = new.conversation_id WHERE message_id = new.id;
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
