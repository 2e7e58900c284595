"""The product catalogue: products, certifications, validation, search."""
