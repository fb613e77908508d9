DROP INDEX `broadcast_recipients_due_idx`;--> statement-breakpoint
CREATE INDEX `broadcast_recipients_due_ordered_idx` ON `broadcast_recipients` (`broadcast_id`,`status`,`due_at`,`contact_id`);