-- Full-text search for the inbox (FTS5). The trigram tokenizer matches any 3+ character
-- substring, so it works for Swedish compounds, Hebrew and Chinese alike (no word
-- segmentation needed). Rows are keyed by the base table's rowid and kept in sync by
-- triggers; message_id / contact_id are stored so results need no extra mapping.
-- Bodies are indexed for what people wrote (customers, agents, notes); automated mail
-- (templates, broadcasts) is found by its subject, so 100,000 copies of one template do
-- not bloat the index.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(`message_id` UNINDEXED, `conversation_id` UNINDEXED, `subject`, `body`, tokenize = 'trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts` (`rowid`, `message_id`, `conversation_id`, `subject`, `body`)
  VALUES (new.rowid, new.id, new.conversation_id, new.subject,
    CASE WHEN new.direction = 'in' OR new.author = 'agent' THEN coalesce(new.reply_text, new.text, '') ELSE '' END);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_update` AFTER UPDATE OF `subject`, `text`, `reply_text` ON `messages` BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `messages_fts` (`rowid`, `message_id`, `conversation_id`, `subject`, `body`)
  VALUES (new.rowid, new.id, new.conversation_id, new.subject,
    CASE WHEN new.direction = 'in' OR new.author = 'agent' THEN coalesce(new.reply_text, new.text, '') ELSE '' END);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_after_delete` AFTER DELETE ON `messages` BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` = old.rowid;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `contacts_fts` USING fts5(`contact_id` UNINDEXED, `name`, `email`, tokenize = 'trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_after_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contacts_fts` (`rowid`, `contact_id`, `name`, `email`) VALUES (new.rowid, new.id, coalesce(new.name, ''), new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_after_update` AFTER UPDATE OF `name`, `email` ON `contacts` BEGIN
  DELETE FROM `contacts_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `contacts_fts` (`rowid`, `contact_id`, `name`, `email`) VALUES (new.rowid, new.id, coalesce(new.name, ''), new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_after_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM `contacts_fts` WHERE `rowid` = old.rowid;
END;
