"""The API frame every app plugs into: errors, schema, docs, throttling, common filters, the URL root."""
