"""Output formats: text, concise, json, sarif and github."""
