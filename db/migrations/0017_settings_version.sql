-- The version of the settings a business manages at /inbox/settings (settings `inbox.settings.version`), bumped by
-- every change of one of them, so the inbound pipeline keeps the parsed settings per version and reads one small
-- value inside a look-up it makes anyway (src/services/inboxSettings.ts), instead of the settings on every message.
-- The keys are those of inboxSettings.ts (test/integration/inbound-settings-cache.test.ts checks they agree).
INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('inbox.settings.version', '1', 0) ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `inbox_settings_version_after_insert` AFTER INSERT ON `settings`
WHEN new.`key` IN ('mail.sender_name', 'inbox.first_response', 'faq.mode', 'faq.min_confidence', 'faq.contact_limit_hours',
  'delivery.quiet_hours') BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('inbox.settings.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `inbox_settings_version_after_update` AFTER UPDATE ON `settings`
WHEN new.`key` IN ('mail.sender_name', 'inbox.first_response', 'faq.mode', 'faq.min_confidence', 'faq.contact_limit_hours',
  'delivery.quiet_hours') BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('inbox.settings.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `inbox_settings_version_after_delete` AFTER DELETE ON `settings`
WHEN old.`key` IN ('mail.sender_name', 'inbox.first_response', 'faq.mode', 'faq.min_confidence', 'faq.contact_limit_hours',
  'delivery.quiet_hours') BEGIN
  INSERT INTO `settings` (`key`, `value`, `updated_at`) VALUES ('inbox.settings.version', '1', 0)
    ON CONFLICT (`key`) DO UPDATE SET `value` = cast(`value` AS integer) + 1;
END;
