CREATE TABLE `delivery_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text,
	`job_id` text,
	`source` text NOT NULL,
	`source_name` text NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`template` text,
	`category` text,
	`decision` text NOT NULL,
	`reason` text,
	`detail` text,
	`at` integer,
	`message_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delivery_decisions_contact_idx` ON `delivery_decisions` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `delivery_decisions_source_idx` ON `delivery_decisions` (`source`,`source_name`,`decision`,`reason`);--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `contact_id` text REFERENCES contacts(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `key` text;--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_jobs_key_unique` ON `scheduled_jobs` (`key`);--> statement-breakpoint
CREATE INDEX `scheduled_jobs_contact_idx` ON `scheduled_jobs` (`contact_id`,`status`);--> statement-breakpoint
DROP TABLE `triggers`;
