-- Word indexes (FTS5, unicode61) for search terms too short for the trigram indexes of 0001_search.sql:
-- 1- and 2-character Chinese, Japanese and Korean terms, and short Hebrew or Latin words. Their text is
-- messages_fts / contacts_fts's text with every CJK character set apart (src/domain/inbox/search-words.ts),
-- which SQL cannot compute, so the scheduler tick writes them in batches (src/services/indexSearchWords.ts):
-- rows above a high-water mark (settings `search.words.<table>`, absent = 0, so the first ticks index
-- existing data), and rows whose text changed after they were indexed (the *_stale tables below; `version`
-- counts changes, so a change made while the indexer ran keeps its row for the next batch).
-- Contentless: the text is in messages_fts / contacts_fts already; rowids are the same as theirs.
CREATE VIRTUAL TABLE `messages_words_fts` USING fts5(`subject`, `body`, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1);
--> statement-breakpoint
CREATE VIRTUAL TABLE `contacts_words_fts` USING fts5(`name`, `email`, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1);
--> statement-breakpoint
CREATE TABLE `messages_words_stale` (`fts_rowid` integer PRIMARY KEY NOT NULL, `version` integer NOT NULL DEFAULT 1);
--> statement-breakpoint
CREATE TABLE `contacts_words_stale` (`fts_rowid` integer PRIMARY KEY NOT NULL, `version` integer NOT NULL DEFAULT 1);
--> statement-breakpoint
CREATE TRIGGER `messages_words_after_update` AFTER UPDATE OF `subject`, `text`, `reply_text` ON `messages` BEGIN
  DELETE FROM `messages_words_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `messages_words_stale` (`fts_rowid`) VALUES (old.rowid)
    ON CONFLICT (`fts_rowid`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_words_after_delete` AFTER DELETE ON `messages` BEGIN
  DELETE FROM `messages_words_fts` WHERE `rowid` = old.rowid;
  DELETE FROM `messages_words_stale` WHERE `fts_rowid` = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_words_after_update` AFTER UPDATE OF `name`, `email` ON `contacts` BEGIN
  DELETE FROM `contacts_words_fts` WHERE `rowid` = old.rowid;
  INSERT INTO `contacts_words_stale` (`fts_rowid`) VALUES (old.rowid)
    ON CONFLICT (`fts_rowid`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_words_after_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM `contacts_words_fts` WHERE `rowid` = old.rowid;
  DELETE FROM `contacts_words_stale` WHERE `fts_rowid` = old.rowid;
END;
