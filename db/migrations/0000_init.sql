CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'agent' NOT NULL,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_email_unique` ON `agents` (`email`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_unique` ON `api_keys` (`name`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`filename` text,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`content_id` text,
	`disposition` text DEFAULT 'attachment' NOT NULL,
	`content` blob,
	`skipped_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachments_message_idx` ON `attachments` (`message_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`locale` text,
	`timezone` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`marketing_consent` text DEFAULT 'unknown' NOT NULL,
	`consent_source` text,
	`consent_updated_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_email_unique` ON `contacts` (`email`);--> statement-breakpoint
CREATE INDEX `contacts_created_idx` ON `contacts` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`normalized_subject` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assignee_id` text,
	`snoozed_until` integer,
	`flag` text,
	`last_message_at` integer NOT NULL,
	`last_customer_message_at` integer,
	`last_agent_message_at` integer,
	`waiting_since` integer,
	`first_response_due_at` integer,
	`first_responded_at` integer,
	`preview` text DEFAULT '' NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `conversations_status_waiting_idx` ON `conversations` (`status`,`waiting_since`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_status_recent_idx` ON `conversations` (`status`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_assignee_status_waiting_idx` ON `conversations` (`assignee_id`,`status`,`waiting_since`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_assignee_status_recent_idx` ON `conversations` (`assignee_id`,`status`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_updated_idx` ON `conversations` (`updated_at`);--> statement-breakpoint
CREATE INDEX `conversations_contact_idx` ON `conversations` (`contact_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_contact_subject_idx` ON `conversations` (`contact_id`,`normalized_subject`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_snoozed_idx` ON `conversations` (`status`,`snoozed_until`);--> statement-breakpoint
CREATE INDEX `conversations_recent_idx` ON `conversations` (`last_message_at`,`id`);--> statement-breakpoint
CREATE TABLE `dev_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text,
	`from_address` text NOT NULL,
	`to_addresses` text NOT NULL,
	`subject` text NOT NULL,
	`headers` text NOT NULL,
	`text` text,
	`html` text,
	`mime` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dev_outbox_created_idx` ON `dev_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text,
	`name` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`idempotency_key` text,
	`occurred_at` integer NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_idempotency_unique` ON `events` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `events_contact_idx` ON `events` (`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_unprocessed_idx` ON `events` (`processed_at`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `faqs` (
	`id` text PRIMARY KEY NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`keywords` text DEFAULT '[]' NOT NULL,
	`locale` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `faqs_active_locale_idx` ON `faqs` (`active`,`locale`);--> statement-breakpoint
CREATE TABLE `frequency_caps` (
	`id` text PRIMARY KEY NOT NULL,
	`category` text NOT NULL,
	`max_messages` integer NOT NULL,
	`window_seconds` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `frequency_caps_category_window_unique` ON `frequency_caps` (`category`,`window_seconds`);--> statement-breakpoint
CREATE TABLE `inbound_emails` (
	`id` text PRIMARY KEY NOT NULL,
	`raw` blob NOT NULL,
	`raw_size` integer NOT NULL,
	`dedupe_key` text NOT NULL,
	`envelope_from` text,
	`envelope_to` text,
	`source` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`message_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_emails_dedupe_unique` ON `inbound_emails` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `inbound_emails_status_idx` ON `inbound_emails` (`status`,`received_at`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`kind` text DEFAULT 'email' NOT NULL,
	`direction` text NOT NULL,
	`author` text NOT NULL,
	`author_agent_id` text,
	`message_id_header` text,
	`in_reply_to` text,
	`references` text,
	`from_address` text,
	`from_name` text,
	`to_addresses` text DEFAULT '[]' NOT NULL,
	`cc_addresses` text DEFAULT '[]' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`headers` text,
	`text` text,
	`html` text,
	`reply_text` text,
	`quoted_text` text,
	`signature` text,
	`status` text NOT NULL,
	`status_reason` text,
	`provider_id` text,
	`template` text,
	`locale` text,
	`category` text DEFAULT 'support' NOT NULL,
	`thread_rule` text,
	`flag` text,
	`classification` text,
	`inbound_email_id` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`delivered_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_message_id_header_unique` ON `messages` (`message_id_header`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_idempotency_key_unique` ON `messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_provider_id_idx` ON `messages` (`provider_id`);--> statement-breakpoint
CREATE INDEX `messages_status_idx` ON `messages` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_inbound_email_idx` ON `messages` (`inbound_email_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`batch_key` text,
	`provider_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_batch_idx` ON `outbox` (`batch_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `provider_events` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`provider_event_id` text NOT NULL,
	`type` text NOT NULL,
	`provider_message_id` text,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_events_provider_event_unique` ON `provider_events` (`provider`,`provider_event_id`);--> statement-breakpoint
CREATE INDEX `provider_events_message_idx` ON `provider_events` (`provider_message_id`);--> statement-breakpoint
CREATE TABLE `scheduled_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`run_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scheduled_jobs_due_idx` ON `scheduled_jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`csrf_secret` text NOT NULL,
	`user_agent` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_agent_idx` ON `sessions` (`agent_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `suppressions` (
	`email` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `topic_subscriptions` (
	`contact_id` text NOT NULL,
	`topic_id` text NOT NULL,
	`status` text NOT NULL,
	`source` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `topic_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `topic_subscriptions_topic_idx` ON `topic_subscriptions` (`topic_id`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`default_subscribed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_key_unique` ON `topics` (`key`);--> statement-breakpoint
CREATE TABLE `triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`event_name` text NOT NULL,
	`template` text NOT NULL,
	`delay_seconds` integer DEFAULT 0 NOT NULL,
	`conditions` text,
	`category` text DEFAULT 'transactional' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `triggers_event_idx` ON `triggers` (`event_name`,`active`);