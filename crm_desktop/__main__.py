"""`python -m crm_desktop` starts the app like the `crm-desktop` console script."""

from crm_desktop.cli import main

raise SystemExit(main())
