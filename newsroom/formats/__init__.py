"""Per-language date formats (FORMAT_MODULE_PATH) and the digits each language writes."""
