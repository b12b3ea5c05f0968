"""Streamlit's file uploader speaks English and writes its own size limit ("50MB per file
• CSV, XLSX"). The page says the real limit and the file types in Italian above the box
(``upload_limit``, ``upload_help``), so Streamlit's line under the drop area is hidden;
its "Upload" button and "Drag and drop" text cannot be translated (docs/DEVELOPERS.md)."""

from __future__ import annotations

import streamlit as st

HIDE_LIMIT_LINE = "<style>[data-testid='stFileUploaderDropzoneInstructions']{display:none}</style>"


def upload_box_in_italian() -> None:
    """Hide the uploader's English size-and-types line (call before ``st.file_uploader``)."""
    st.html(HIDE_LIMIT_LINE)
