"""Chinese text knowledge that needs nothing else: numerals and enumerators, typography, title lines."""
