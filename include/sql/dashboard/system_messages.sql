SELECT identity, severity, text, created_at FROM amazon.system_messages ORDER BY created_at
