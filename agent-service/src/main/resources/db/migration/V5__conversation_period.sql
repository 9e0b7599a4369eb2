-- The budget period a conversation is about (as its budget lines spell it): the finance agent cuts and funds only
-- lines of that period. Null when the brand x market had no lines and none was named, and for conversations started
-- before (the finance agent then uses the only period of the brand x market's lines, and fails if there are several).
alter table conversation add column period text;
