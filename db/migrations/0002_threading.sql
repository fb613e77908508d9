ALTER TABLE `conversations` ADD `linked_conversation_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `link_reason` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `closed_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_linked_idx` ON `conversations` (`linked_conversation_id`);