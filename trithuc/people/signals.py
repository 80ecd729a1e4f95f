from django.dispatch import Signal

# Sent after a commit that created or changed profiles (imports, edits, the demo).
registry_changed = Signal()
