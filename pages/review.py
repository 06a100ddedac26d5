"""Review queue: every pending figure across documents, newest first, accepted, rejected or corrected in bulk."""

from ui.components import page_start
from ui.figure_review import review_queue_section

state = page_start("review")
review_queue_section(state.lang)
