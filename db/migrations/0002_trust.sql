CREATE TABLE `outbox_batches` (
	`key` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`request_digest` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `api_keys` ADD `role` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `linked_conversation_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `link_reason` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `closed_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_linked_idx` ON `conversations` (`linked_conversation_id`);--> statement-breakpoint
ALTER TABLE `inbound_emails` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `inbound_emails` ADD `flag` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claim_token` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `batch_position` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `first_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `provider_events` ADD `error` text;--> statement-breakpoint
ALTER TABLE `provider_events` ADD `attempts` integer DEFAULT 0 NOT NULL;