"""The home of the one document model, being built up under issue 13 (wrap: cell-aware text)."""
