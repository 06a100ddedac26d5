"""A source text as safe HTML: every piece of article text escaped, quotes marked, page noise greyed."""

from __future__ import annotations

import html

from metrics.highlight import Segment

STYLE = """
<style>
.bm-doc {white-space: pre-wrap; font-family: inherit; line-height: 1.6; border: 1px solid #ddd;
         border-radius: 6px; padding: 1rem; max-height: 38rem; overflow-y: auto;}
.bm-doc mark {background: #fff2a8; padding: 0 2px; border-radius: 3px;}
.bm-doc mark.bm-selected {background: #ffb347; outline: 2px solid #d9534f;}
.bm-doc .bm-noise {color: #9a9a9a; background: #f3f3f3;}
.bm-doc sup {color: #7a5b00; font-size: 0.7em;}
</style>
"""


def document_html(segments: list[Segment], selected: str | None = None) -> str:
    """The segments as HTML. Only the tags written here are markup; all source text is escaped."""
    parts = [STYLE, '<div class="bm-doc">']
    for segment in segments:
        text = html.escape(segment.text)
        if segment.noise:
            text = f'<span class="bm-noise" title="page noise">{text}</span>'
        if segment.figure_ids:
            ids = ", ".join(html.escape(f) for f in segment.figure_ids)
            css = "bm-selected" if selected and selected in segment.figure_ids else ""
            anchor = html.escape(segment.figure_ids[0])
            text = f'<mark id="fig-{anchor}" class="{css}" title="{ids}">{text}</mark><sup>[{ids}]</sup>'
        parts.append(text)
    parts.append("</div>")
    return "".join(parts)
