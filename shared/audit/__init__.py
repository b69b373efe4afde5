"""Who changed what, recorded in the same transaction as the change."""
