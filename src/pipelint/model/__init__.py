"""The normalised model every rule is written against."""
