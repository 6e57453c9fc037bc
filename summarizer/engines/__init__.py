"""Summarization engines: one module per engine / backend."""
