"""
The dashboard's charts, drawn on the server: this module turns the dashboard's numbers into plain geometry
(coordinates in an SVG ``viewBox``) and the templates draw it as inline SVG with a title and a description, the
same numbers in a table beside each chart. No JavaScript, no chart library, nothing fetched.

Colours are the pages' palette (each at least 3:1 against white, WCAG 1.4.11), never the only signal: bars carry
their number and the legend and table name each series.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

__all__ = ["key_result", "cohort_bars", "retention_line", "PALETTE", "percent"]

PALETTE = ["#0a3055", "#9d0054", "#00688a", "#8a4b08", "#2e6b30", "#5b3a99", "#6b5b00", "#a3361f"]


def percent(share):
    """A share (0.0–1.0) as a whole percentage, in the active language's number format."""
    return _("%(number)s%%") % {"number": number_format(round(share * 100), 0)}


def _number(value, share):
    if value is None:
        return "—"
    return percent(value) if share else number_format(value, 0 if float(value).is_integer() else 1)


def key_result(result, *, label, share, status_label):
    """
    One key result as the dashboard shows it: its label, target and value as text, its status, and its
    progress bar (``fill`` in 0–100, the value's share of the target, capped at the target) when it has both.
    """
    value, target = result["value"], result["target"]
    bar = None
    if value is not None and target:
        fill = max(0.0, min(1.0, value / target)) * 100
        bar = {"fill": round(fill, 1), "reached": value >= target}
    return {
        "key": result["key"],
        "label": label,
        "target": _number(target, share) if target is not None else _("No target"),
        "value": _number(value, share),
        "status": result["status"],
        "status_label": status_label,
        "bar": bar,
        "description": (
            _("%(value)s of a target of %(target)s: %(status)s.") % {
                "value": _number(value, share), "target": _number(target, share), "status": status_label}
            if bar else _("%(value)s: %(status)s.") % {"value": _number(value, share), "status": status_label}
            if value is not None else f"{status_label}."
        ),
    }


def _ticks(top):
    """Three to five whole-number ticks from 0 to at least ``top``."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if top / candidate <= 4:
            break
    highest = -(-top // step) * step if top else step
    return list(range(0, int(highest) + 1, step)), highest


def cohort_bars(cohorts, *, width=480, height=260):
    """
    Grouped bars of the members recognized each year on each track (from ``dashboard.cohorts_by_track_and_year``)
    and the same numbers as table rows; None when no cohort was recognized yet.
    """
    years, tracks = cohorts["years"], cohorts["tracks"]
    if not years:
        return None
    counts = {(row["year"], row["track"]): row["members"] for row in cohorts["counts"]}
    shown = [track for track in tracks if any(counts.get((year, track["slug"])) for year in years)]
    left, right, top, bottom = 40, 8, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks, highest = _ticks(max(counts.values()))
    group_w = plot_w / len(years)
    bar_w = group_w * 0.8 / max(1, len(shown))
    bars, labels = [], []
    for y_index, year in enumerate(years):
        group_x = left + y_index * group_w + group_w * 0.1
        labels.append({"x": round(left + (y_index + 0.5) * group_w, 1), "y": height - bottom + 20, "text": year})
        for t_index, track in enumerate(shown):
            count = counts.get((year, track["slug"]), 0)
            bar_h = plot_h * count / highest
            bars.append({
                "x": round(group_x + t_index * bar_w, 1), "y": round(top + plot_h - bar_h, 1),
                "width": round(max(bar_w - 2, 1), 1), "height": round(bar_h, 1),
                "colour": PALETTE[tracks.index(track) % len(PALETTE)], "count": count,
                "label_x": round(group_x + (t_index + 0.5) * bar_w - 1, 1),
                "label_y": round(top + plot_h - bar_h - 4, 1),
                "title": _("%(track)s, %(year)s: %(count)s") % {"track": track["name"], "year": year, "count": count},
            })
    grid = [{"y": round(top + plot_h - plot_h * tick / highest, 1), "label": tick} for tick in ticks]
    legend = [{"name": track["name"], "colour": PALETTE[tracks.index(track) % len(PALETTE)]} for track in shown]
    rows = [{"year": year, "counts": [counts.get((year, track["slug"]), 0) for track in shown],
             "total": sum(counts.get((year, track["slug"]), 0) for track in shown)} for year in years]
    by_track = [{"name": track["name"], "counts": [counts.get((year, track["slug"]), 0) for year in years]}
                for track in shown]
    total = sum(row["total"] for row in rows)
    return {
        "width": width, "height": height, "left": left, "right": width - right, "baseline": top + plot_h,
        "bars": bars, "labels": labels, "grid": grid, "legend": legend, "tracks": [t["name"] for t in shown],
        "rows": rows, "years": years, "by_track": by_track,
        "description": _("%(total)s members recognized over %(years)s years, by track; the table beside gives "
                         "each number.") % {"total": total, "years": len(years)},
    }


def retention_line(curve, target, *, width=480, height=260):
    """
    The retention curve (from ``dashboard.retention_curve``): the share of the cohort still engaged at each
    anniversary as a line over 0–12 months, the target as a dashed line, and the table's rows; None while no
    cohort is old enough.
    """
    if not curve:
        return None
    left, right, top, bottom = 48, 40, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    last_month = max(point["months"] for point in curve["points"])

    def x_at(months):
        return round(left + plot_w * months / last_month, 1)

    def y_at(share):
        return round(top + plot_h * (1 - share), 1)

    points = [{"x": x_at(p["months"]), "y": y_at(p["rate"]), "label": percent(p["rate"]), "months": p["months"]}
              for p in curve["points"] if p["rate"] is not None]
    rows = [{"months": p["months"], "due": p["due"], "engaged": p["engaged"],
             "rate": percent(p["rate"]) if p["rate"] is not None else None} for p in curve["points"]]
    measured = [p for p in curve["points"] if p["rate"] is not None]
    if measured:
        latest = measured[-1]
        description = _("Of the %(cycle)s cohort, %(rate)s were still engaged %(months)s months after recognition "
                        "(%(engaged)s of %(due)s); the table beside gives each anniversary.") % {
            "cycle": curve["cycle_name"], "rate": percent(latest["rate"]), "months": latest["months"],
            "engaged": latest["engaged"], "due": latest["due"]}
    else:
        description = _("No member of the %(cycle)s cohort has reached an anniversary yet.") % {
            "cycle": curve["cycle_name"]}
    return {
        "width": width, "height": height, "left": left, "right": width - right, "baseline": top + plot_h,
        "cycle": curve["cycle_name"],
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "months": [{"x": x_at(p["months"]), "y": height - bottom + 20, "label": p["months"]} for p in curve["points"]],
        "grid": [{"y": y_at(share), "label": percent(share)} for share in (0, 0.25, 0.5, 0.75, 1)],
        "target": {"y": y_at(target), "label": _("Target %(rate)s") % {"rate": percent(target)}}
        if target is not None else None,
        "rows": rows,
        "description": description,
    }
