"""wasmlit: Streamlit entirely in the browser (Pyodide in a Web Worker + the stock frontend)."""

__version__ = "0.1.0"
