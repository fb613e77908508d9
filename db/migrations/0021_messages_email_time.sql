-- Rules over a window of mail (last_message, replied in src/store/rules-sql.ts) read the window's email through this
-- index on coalesce(sent_at, created_at) (a message's time: when it was sent, else created). Written by hand:
-- drizzle-kit splits an index expression at its comma. contact_id is last for mail in no conversation yet (bulk sends).
CREATE INDEX `messages_email_time_idx` ON `messages` (coalesce(`sent_at`, `created_at`), `direction`, `category`, `status`, `conversation_id`, `contact_id`) WHERE kind = 'email';
