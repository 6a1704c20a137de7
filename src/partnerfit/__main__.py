"""``python -m partnerfit``."""

from partnerfit.cli import main

main()
