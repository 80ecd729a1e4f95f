from django.dispatch import Signal

# Sent after a commit that created or changed profiles (imports, edits, the demo), with
# `provinces`: the provinces whose counts may have changed, None when unknown.
registry_changed = Signal()
