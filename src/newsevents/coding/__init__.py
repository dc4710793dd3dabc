"""Finding events in parsed sentences: who did what to whom, when and where.

For each sentence the coder finds triggers (`triggers.py`: event verbs, verbs with event
objects, event nouns, from the lexicon's tables), decides what the verbs governing each one
do to it (`governance.py`: negation, threats, requests, promises), reads its source and
target from the parse (`participants.py`), its date and place (`whenwhere.py`), and builds
the events (`events.py`). Every event says which rule produced it.
"""

from newsevents.coding.events import code_article

__all__ = ["code_article"]
