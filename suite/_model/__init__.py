"""What a structure says: types, keywords, categories, the parsed model, the reference
validator, and the case format."""
