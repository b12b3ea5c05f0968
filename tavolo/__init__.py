"""Tavolo Casa: the domain package (no Streamlit here).

Public housing planning for the coordination table of the Comune di Legnano and ALER.
"""

__version__ = "0.1.0"
