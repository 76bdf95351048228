"""The data file: where the data lives, opening it safely, and seeding a new one.

There is no screen of its own: every screen holds the `AppContext` made here. Modules:
`context` resolves the data folder and carries the open database; `opening` checks the file
before anything writes to it (foreign, read-only, locked, damaged) and locks the folder; `seed`
fills a new database with the default setup. `services.app.open_app` puts them together.

Arrows: datafile is the bottom capability: it imports storage and domain only, and every other
capability imports its `AppContext`.
"""
