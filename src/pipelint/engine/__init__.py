"""Running rules over documents and turning what they say into findings."""
