CREATE TABLE `broadcast_recipients` (
	`broadcast_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`status` text NOT NULL,
	`due_at` integer NOT NULL,
	`first_due_at` integer NOT NULL,
	`reason` text,
	`detail` text,
	`message_id` text,
	`released_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`broadcast_id`, `contact_id`),
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `broadcast_recipients_due_idx` ON `broadcast_recipients` (`broadcast_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_released_idx` ON `broadcast_recipients` (`broadcast_id`,`released_at`);--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `send_at` integer;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `local_time` text;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `default_timezone` text;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `per_minute` integer;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `run_job_id` text;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `plan_cursor` text;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `planned_at` integer;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `scheduled_at` integer;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `finished_at` integer;