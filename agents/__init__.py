"""LangGraph agents; they reach data only through core ports."""
