ALTER TABLE `agents` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `signature` text;