"""schema.org JobPosting (JSON-LD in saved HTML pages, or .jsonld files): see docs/sources.md."""
