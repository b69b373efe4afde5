"""Operating the database: hot backups and restores, and the storage chores that keep privacy."""
