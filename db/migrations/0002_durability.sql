ALTER TABLE `inbound_emails` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `inbound_emails` ADD `flag` text;