ALTER TABLE `attachments` ADD `content_key` text;--> statement-breakpoint
ALTER TABLE `attachments` ADD `content_sha256` text;--> statement-breakpoint
ALTER TABLE `inbound_emails` ADD `raw_key` text;--> statement-breakpoint
ALTER TABLE `inbound_emails` ADD `raw_sha256` text;