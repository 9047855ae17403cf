"""`python -m generator` runs the gaozi command line."""
from generator.cli import main

main()
