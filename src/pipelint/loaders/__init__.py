"""Reading files: decoding, parsing with positions, and deciding what kind each one is."""
