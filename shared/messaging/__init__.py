"""Messages to people: consent per channel, reminders before sessions, notices, referrers' digests."""
