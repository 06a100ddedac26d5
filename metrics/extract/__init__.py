"""Propose reported figures and cooperation events from the text of a press report.

Plain Python, table-driven: the words (units, category nouns, verb classes, value words,
qualifiers) live in ``lexicon.csv``; the modules of this package hold the grammar, one concern each:

- ``lexicon``: the vocabulary and the case-blind matching it is read with;
- ``numerals``: numbers as written (digits, word numerals, multipliers);
- ``sentences``: sentences and clauses outside the page noise (``metrics.noise``); offsets always
  point into the original text;
- ``items``: each figure is an *item*, [qualifier] number [multiplier] unit [category noun], e.g.
  "hơn 2.200 viên MTTH", "10 bricks of heroin";
- ``grammar``: items are grouped (composites joined by "/" ("128 vụ/512 người"), amounts sharing one
  noun ("10 bánh và 96,7 gram heroin"), restatements ("4.405 gói, tương đương 8.810.000 viên"), parts
  of a total ("trong đó")) and word senses are settled by context: a unit that needs a drug (bánh,
  viên, kg) needs a drug noun near it; people are arrests only after an arrest verb; money is seized
  money only after a seizure verb and never after a value, fine or profit word;
- ``windows``: the reporting window is the clause's period phrase, inherited by sentences that
  continue ("Cùng với đó", "Ngoài ra"); "Dịp này" is the main event's dates;
- ``mentions``: agency mentions; the agency is the clause's subject, the counterpart the partner it
  worked "cho"/"với"; "mỗi tỉnh" distributes a figure over the agencies of that kind the document names;
- ``events``: conferences, talks, visits, signings;
- ``figures``: the candidates built from the items; ``extractor``: the pipeline; ``document``: bytes in.
"""

from .candidates import FRAME_COLUMNS, EventCandidate, Extraction, ExtractionError, FigureCandidate
from .document import extract_document
from .extractor import extract
from .figures import candidates_frame
from .lexicon import fold, lexicon, lower_for_patterns
from .mentions import _UNKNOWN_AGENCY, _unknown_agency_matches
from .numerals import _NUMBER, _numbers
from .sentences import _BOUNDARY, _sentences

__all__ = [
    "FigureCandidate",
    "EventCandidate",
    "Extraction",
    "ExtractionError",
    "extract",
    "extract_document",
    "candidates_frame",
    "FRAME_COLUMNS",
    "fold",
    "lexicon",
    "lower_for_patterns",
    # read by the tests of the grammar's parts
    "_NUMBER", "_numbers", "_UNKNOWN_AGENCY", "_unknown_agency_matches", "_sentences", "_BOUNDARY",
]
