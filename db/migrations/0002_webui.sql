ALTER TABLE `provider_events` ADD `error` text;--> statement-breakpoint
ALTER TABLE `provider_events` ADD `attempts` integer DEFAULT 0 NOT NULL;