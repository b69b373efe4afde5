"""Leaving the group: the recorded exit and its destination."""
