CREATE TABLE `faq_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`contact_id` text,
	`decision` text NOT NULL,
	`faq_id` text,
	`confidence` real,
	`locale` text,
	`reason` text NOT NULL,
	`suggestions` text DEFAULT '[]' NOT NULL,
	`reply_message_id` text,
	`resolved_at` integer,
	`marked_wrong_at` integer,
	`marked_wrong_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `faq_decisions_conversation_idx` ON `faq_decisions` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `faq_decisions_contact_idx` ON `faq_decisions` (`contact_id`,`decision`,`created_at`);--> statement-breakpoint
CREATE INDEX `faq_decisions_unresolved_idx` ON `faq_decisions` (`decision`,`resolved_at`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `faq_decisions_one_answer_unique` ON `faq_decisions` (`conversation_id`) WHERE decision = 'answered';--> statement-breakpoint
CREATE TABLE `faq_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`questions` text DEFAULT '{}' NOT NULL,
	`answers` text DEFAULT '{}' NOT NULL,
	`mode` text DEFAULT 'auto' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `faq_entries_enabled_position_idx` ON `faq_entries` (`enabled`,`position`,`id`);