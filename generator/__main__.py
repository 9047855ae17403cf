"""`python -m generator` runs the gaozi command line."""
from .cli import main

main()
