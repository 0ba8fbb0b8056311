"""`wasmlit desktop`: an exported site packed with a QtWebEngine window into one program.

shell/        runs inside the executable: the window, its loopback server, its guards
bundle.py     what the packer tells the shell (bundle.json): the one wire format between them
packer.py     runs on the build machine: drives PyInstaller
"""
