"""Targets saved through the plan import's review screen before the baseline was carried
over: take the baseline (year, value, source) and the line numbers from the plan's
parser output, where the document printed them.

The matching is copied here (not imported) so the migration keeps meaning what it meant.
"""

from django.db import migrations


def _match(target, printed):
    same_text = [t for t in printed if isinstance(t, dict) and t.get("text") == target.source_text]
    indicator = target.indicator.code if target.indicator_id else None
    for item in same_text:
        if (item.get("indicator"), item.get("sector") or "", item.get("year")) == (
            indicator, target.sector, target.year,
        ):
            return item
    return same_text[0] if len(same_text) == 1 else None


def fill(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    targets = Target.objects.filter(
        plan__isnull=False, baseline_year__isnull=True, baseline_value__isnull=True
    ).select_related("plan", "indicator")
    changed = False
    for target in targets:
        parsed = target.plan.parsed if isinstance(target.plan.parsed, dict) else {}
        item = _match(target, parsed.get("targets") or [])
        if item is None:
            continue
        baseline = item.get("baseline") or {}
        lines = item.get("lines") or []
        if not baseline and not lines:
            continue
        target.baseline_year = baseline.get("year")
        target.baseline_value = baseline.get("value")
        target.baseline_source = str(baseline.get("source") or "")[:300]
        if lines and not target.source_lines:
            target.source_lines = "–".join(str(n) for n in lines[:2])
        target.save(update_fields=["baseline_year", "baseline_value", "baseline_source",
                                   "source_lines"])
        changed = True
    if changed:  # cached dashboards were computed without these baselines
        from django.core.cache import cache

        try:
            cache.incr("indicators:generation")
        except ValueError:
            cache.set("indicators:generation", 1, None)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_target_plan"), ("plans", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
