"""Async client for the Smart vehicle cloud (EU and INTL). Imports nothing from the bot."""
