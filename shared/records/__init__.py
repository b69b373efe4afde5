"""What every kind of record shares: deleting one made by mistake, never one with history."""
