"""How deeply an HTML page nests, measured in one pass before a tree is built from it.

The HTML standard's tree builder searches its stack of open elements at each
tag ("has an element in scope", "reconstruct the active formatting
elements"), so building a tree costs the page's size times its depth: a
2.5 MB page of 100,000 nested ``<div>`` elements takes lexbor minutes, and
every reader that asks a node for its text or its ancestors pays the depth
again. WebKit and Chromium stop nesting at 512 for the same reason.

``html_depth`` reads the page as the standard's tokenizer does where that
decides what is a tag (``tokens``: comments, the text of ``<script>`` and
``<textarea>``, quoted attributes, SVG's self-closing tags), and applies the
tree builder's rules for opening and closing elements (``builder``) to a
stack that answers each of their questions without walking (``stack``):
end tags close only within their scope, ``<p>``, ``<li>`` and table cells
close their open siblings, content that breaks out of SVG or MathML leaves
it, formatting elements (``<b>``, ``<font>``) closed without being named are
counted until they are, because the builder opens them again at the next
text. Where the builder's rules are intricate (the adoption agency, foster
parenting) it keeps open elements the builder might close. So it may count
a broken page deeper than a browser builds it, and shallower only by the
few elements a table implies; it reads each tag once, whatever the depth.
"""

from __future__ import annotations

from reeldb.ingest.pages.nesting.builder import html_depth

__all__ = ["html_depth"]
