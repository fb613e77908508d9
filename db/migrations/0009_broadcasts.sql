CREATE TABLE `broadcasts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`template` text,
	`subject` text,
	`text` text,
	`html` text,
	`segment_id` text,
	`rule` text,
	`topic` text,
	`preflight_at` integer,
	`preflight` text,
	`acknowledged_warnings` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
