import sys

from wasmlit_desktop.shell.app import main

sys.exit(main())
