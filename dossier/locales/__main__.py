"""`python -m dossier.locales [LANG...]`: extract, update and compile the catalogs."""

import sys

from . import main

for path in main(sys.argv[1:]):
    print(f"wrote {path}")
