"""GridMap entry point: ``python main.py`` does what the ``gridmap`` command does."""
import sys

from gridmap.cli import main

if __name__ == "__main__":
    sys.exit(main())
