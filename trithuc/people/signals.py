from django.dispatch import Signal

# Sent after a commit that created or changed profiles (imports, edits, the demo), with
# `provinces`: the provinces whose counts may have changed, None when unknown, and
# optionally `fresh`: those of them whose figures are already up to date.
registry_changed = Signal()

# Sent inside the transaction of an import that only created profiles (no profile
# changed), before it commits, with `national_ids` (the new people) and `provinces`
# (where they work). A receiver may bring what it keeps up to date in that transaction
# and returns the provinces it did: those are named in `registry_changed` as `fresh`.
people_added = Signal()
