"""Per-page user-facing texts. Each module here defines ``TEXTS = {key: (it, en)}``;
``tavolo.i18n`` merges them with its core texts (a key may be defined only once)."""
