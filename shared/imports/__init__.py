"""Bringing a group's history in from its spreadsheets (« reprise des données »): read a file
(``readers``), map its columns (``columns``, ``mappings``), and run every row through the domain's own
operations (``run``), rolled back for a preview, committed on confirmation."""
