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
