"""Participants, their referral to a group, and their derived status."""
