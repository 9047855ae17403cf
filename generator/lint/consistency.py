"""One truth across the set: a facts file checked on its own, and the documents of one inspection
(facts, ledger, speech, 表态, plan, progress report) checked against each other."""
from __future__ import annotations

from generator.model import facts as facts_model


def is_facts_text(text: str, name: str) -> bool:
    """Whether a YAML text is a facts file (no `kind`, facts keys), read leniently so that a facts file
    with a tab is still recognised as one."""
    from generator.errors import GaoziError
    from generator.io.yamlload import load_lenient

    try:
        data, _ = load_lenient(text, name)
    except GaoziError:
        return False
    return facts_model.is_facts(data)


def check_facts_text(text: str, name: str) -> list:
    """`gaozi check FACTS.yaml`: validate the facts (GaoziError with every problem at once); no findings."""
    facts_model.read(text, name)
    return []
