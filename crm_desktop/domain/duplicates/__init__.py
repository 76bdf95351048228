"""Duplicate contacts' rules, one module per method and concern.

`search_strings`: Business Central's method (search strings, Search Hit %). `normalise`: one
spelling for what a person reads as the same. `fuzzy`: the weighted score and its pair rules.
`keys`: the fuzzy method's blocking keys.
"""
