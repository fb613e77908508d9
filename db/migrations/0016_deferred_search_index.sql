-- The FAQ knowledge base's version (settings `faq.entries.version`), bumped by every change of faq_entries, so the
-- autoresponder keeps its index per version and reads one small value, only for messages it looks at
-- (src/services/faqMatching.ts), instead of aggregating the whole table per message.
INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('faq.entries.version', '1', 0) ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `faq_entries_version_after_insert` AFTER INSERT ON `faq_entries` BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('faq.entries.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `faq_entries_version_after_update` AFTER UPDATE ON `faq_entries` BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('faq.entries.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `faq_entries_version_after_delete` AFTER DELETE ON `faq_entries` BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('faq.entries.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
--> statement-breakpoint
-- Messages are indexed for search (messages_fts, trigram) by the scheduler in batches, not in the inbound request:
-- one FTS5 segment per batch instead of one per message. An insert only queues its rowid; the tick indexes the queue
-- (src/services/indexSearchWords.ts), so a message is searchable within one tick. A queued message that changes
-- needs nothing more (the tick reads its text then); a deleted one leaves the queue.
CREATE TABLE `messages_fts_pending` (`message_rowid` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
DROP TRIGGER `messages_fts_after_insert`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts_pending` (`message_rowid`) VALUES (new.rowid);
END;
--> statement-breakpoint
DROP TRIGGER `messages_fts_after_update`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_update` AFTER UPDATE OF `subject`, `text`, `reply_text` ON `messages`
WHEN NOT EXISTS (SELECT 1 FROM `messages_fts_pending` WHERE `message_rowid` = old.rowid) BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `messages_fts` (`rowid`, `message_id`, `conversation_id`, `subject`, `body`)
  VALUES (new.rowid, new.id, new.conversation_id, new.subject,
    CASE WHEN new.direction = 'in' OR new.author = 'agent' THEN coalesce(new.reply_text, new.text, '') ELSE '' END);
END;
--> statement-breakpoint
DROP TRIGGER `messages_fts_after_delete`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_delete` AFTER DELETE ON `messages` BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
  DELETE FROM `messages_fts_pending` WHERE `message_rowid` = old.rowid;
END;
