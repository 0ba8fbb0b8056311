"""The program inside a `wasmlit desktop` executable (PySide6 QtWebEngine + a loopback server)."""
