"""Participation contracts (participant, facilitator, referring social worker) and objectives."""
