DROP INDEX `conversations_linked_idx`;--> statement-breakpoint
DROP INDEX `messages_status_idx`;