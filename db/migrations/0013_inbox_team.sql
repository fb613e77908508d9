CREATE TABLE `conversation_reads` (
	`agent_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`read_up_to` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `conversation_id`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_reads_conversation_idx` ON `conversation_reads` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `conversation_tags` (
	`conversation_id` text NOT NULL,
	`tag` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `tag`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_tags_tag_idx` ON `conversation_tags` (`tag`,`conversation_id`);