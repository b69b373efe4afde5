"""Collective actions (groups), the staff who run them, and the activity themes."""
