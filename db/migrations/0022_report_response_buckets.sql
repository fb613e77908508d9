DROP INDEX `conversation_facts_first_response_idx`;--> statement-breakpoint
ALTER TABLE `conversation_facts` ADD `first_customer_week` integer;--> statement-breakpoint
ALTER TABLE `conversation_facts` ADD `response_ms` integer;--> statement-breakpoint
ALTER TABLE `conversation_facts` ADD `response_bucket` integer;--> statement-breakpoint
CREATE INDEX `conversation_facts_week_bucket_idx` ON `conversation_facts` (`first_customer_week`,`response_bucket`,`first_customer_at`,`response_ms`);--> statement-breakpoint
CREATE INDEX `conversation_facts_agent_bucket_idx` ON `conversation_facts` (`first_reply_agent_id`,`response_bucket`,`first_customer_at`,`response_ms`);--> statement-breakpoint
CREATE INDEX `conversation_facts_bucket_idx` ON `conversation_facts` (`response_bucket`,`first_customer_at`,`response_ms`);