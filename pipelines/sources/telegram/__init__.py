"""Telegram channel exports (Telegram Desktop result.json)."""
