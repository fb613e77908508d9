DROP INDEX `delivery_decisions_source_idx`;--> statement-breakpoint
CREATE INDEX `delivery_decisions_source_idx` ON `delivery_decisions` (`source`,`source_name`,`decision`,`reason`,`created_at`);--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `decision_source_name` text GENERATED ALWAYS AS (CASE type WHEN 'trigger_send' THEN payload ->> '$.trigger' ELSE payload ->> '$.conversationId' END) VIRTUAL;--> statement-breakpoint
ALTER TABLE `scheduled_jobs` ADD `scheduled_reason` text GENERATED ALWAYS AS (payload ->> '$.scheduled.reason') VIRTUAL;--> statement-breakpoint
CREATE INDEX `scheduled_jobs_decision_idx` ON `scheduled_jobs` (`type`,`decision_source_name`,`scheduled_reason`,`created_at`) WHERE payload ->> '$.scheduled' IS NOT NULL;--> statement-breakpoint
CREATE INDEX `events_name_time_idx` ON `events` (`name`,`occurred_at`,`contact_id`);