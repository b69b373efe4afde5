"""The directory of partner structures the groups work with."""
