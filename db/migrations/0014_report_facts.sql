CREATE TABLE `conversation_daily` (
	`day` integer PRIMARY KEY NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conversation_facts` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`first_customer_at` integer,
	`first_reply_at` integer,
	`first_reply_agent_id` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_facts_first_response_idx` ON `conversation_facts` (`first_customer_at`,`first_reply_at`,`first_reply_agent_id`);--> statement-breakpoint
CREATE INDEX `conversation_facts_opened_idx` ON `conversation_facts` (`opened_at`);--> statement-breakpoint
CREATE INDEX `conversation_facts_closed_idx` ON `conversation_facts` (`closed_at`);--> statement-breakpoint
CREATE TABLE `message_daily` (
	`day` integer NOT NULL,
	`status` text NOT NULL,
	`template` text NOT NULL,
	`category` text NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL,
	`replied` integer DEFAULT 0 NOT NULL,
	`complained` integer DEFAULT 0 NOT NULL,
	`unsubscribed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `status`, `template`, `category`)
);
--> statement-breakpoint
CREATE TABLE `message_facts` (
	`message_id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`left_at` integer NOT NULL,
	`status` text NOT NULL,
	`template` text NOT NULL,
	`category` text NOT NULL,
	`replied` integer DEFAULT 0 NOT NULL,
	`complained` integer DEFAULT 0 NOT NULL,
	`unsubscribed` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_facts_report_idx` ON `message_facts` (`created_at`,`status`,`template`,`category`,`replied`,`complained`,`unsubscribed`);--> statement-breakpoint
CREATE INDEX `message_facts_conversation_idx` ON `message_facts` (`conversation_id`,`left_at`);--> statement-breakpoint
CREATE INDEX `message_facts_contact_idx` ON `message_facts` (`contact_id`,`left_at`);