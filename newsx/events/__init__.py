"""Event records: triggers, whether they report an event, arguments, the coder."""
