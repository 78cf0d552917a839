"""Ready view data for the templates: typed, every link relative, every value worded.

Templates do not compute. `Reads` is the one way the views see the checked dossier (and
records what each page read); `Parts` makes what many pages share (links, rows, notes);
`entries` and `lists` make the pages; `plan` lists them and gives each page's context.
"""

from .facts import changed_facts
from .plan import PageView, Views, plan
from .reads import Fact, Reads

__all__ = ["Fact", "PageView", "Reads", "Views", "changed_facts", "plan"]
