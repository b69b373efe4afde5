"""Staff accounts: facilitators, referring social workers, managers."""
