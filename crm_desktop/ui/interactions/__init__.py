"""Interactions: the log page, Create Interaction, the contact card's timeline."""
