"""The rules of `gaozi check`, one module each.

A rule module declares
    ID       the rule's name on the command line and in findings (part of the user interface: never rename one)
    LEVEL    its default level: "error", "warning" or "info"
    SUMMARY  one line of Chinese saying what it finds
    check(ctx) -> list[Hit]   with ctx a generator.lint.engine.Context
and has a section `### ID — …` in docs/check.md. The engine finds the modules by scanning this package:
adding a rule touches its module and the docs only. Modules whose name starts with _ are helpers.
"""
