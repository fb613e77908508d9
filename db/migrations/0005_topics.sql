CREATE TABLE `consent_log` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`subject` text NOT NULL,
	`topic` text,
	`value` text NOT NULL,
	`previous` text,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_log_contact_idx` ON `consent_log` (`contact_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_frequency` text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE `topics` ADD `names` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `topics` ADD `descriptions` text DEFAULT '{}' NOT NULL;