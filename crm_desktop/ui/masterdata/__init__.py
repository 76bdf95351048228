"""The master-data pages: code tables such as salespeople, territories and salutations."""
