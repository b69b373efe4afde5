"""Retention: how long we keep a person's data after the last contact, anonymisation after that,
and the export of a person's own data (right of access)."""
