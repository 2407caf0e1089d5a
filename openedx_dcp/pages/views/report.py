"""
The program report (KR 4.2) for program staff: ``/dcp/<program>/report/`` shows the report of a period (the
last twelve months by default) section by section, each chart drawn on the server as inline SVG with the same
numbers in a table; ``?download=1`` gives the same report as one self-contained HTML file (styles inline,
nothing fetched) to share. Each generation is recorded for the dashboard's "outcomes shared". Not found for
anyone but the program's staff (R26).
"""

from django import forms
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.dashboard import report as report_api
from openedx_dcp.exceptions import DcpError
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.charts import PALETTE
from openedx_dcp.pages.forms import PageForm
from openedx_dcp.programs import api as programs_api

__all__ = ["ReportView", "bar_chart"]


class PeriodForm(PageForm):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=gettext_lazy("The first day of the period."))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=gettext_lazy("The last day of the period (included)."))


def bar_chart(bars, *, title, width=480, bar_height=26):
    """
    Horizontal bars of ``[{"label", "value"}]`` as plain geometry for an inline SVG (labels left, values at the
    bar's end); None when there is nothing to draw.
    """
    if not bars:
        return None
    label_w, value_w, gap = 150, 44, 8
    plot_w = width - label_w - value_w
    top = max((bar["value"] for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        length = plot_w * bar["value"] / top
        y = gap + index * (bar_height + gap)
        rows.append({
            "label": str(bar["label"])[:24], "full_label": bar["label"], "value": bar["value"],
            "shown": number_format(bar["value"]), "y": y, "text_y": y + bar_height / 2 + 5,
            "width": round(max(length, 1 if bar["value"] else 0), 1), "value_x": round(label_w + length + 6, 1),
            "colour": PALETTE[0],
        })
    height = gap + len(bars) * (bar_height + gap)
    return {"title": title, "width": width, "height": height, "label_w": label_w, "bar_height": bar_height,
            "rows": rows,
            "description": "; ".join(f"{row['full_label']}: {row['shown']}" for row in rows)}


class ReportView(PageView):
    """``/dcp/<program>/report/?start=&end=[&download=1]``: the program report (program staff only)."""

    nav = "report"
    template_name = "openedx_dcp/pages/report/page.html"

    def get(self, request, *args, **kwargs):
        if not programs_api.is_program_staff(user=request.user, program=self.program):
            raise Http404("No such page.")
        default = report_api.default_period()
        form = PeriodForm(request.GET if "start" in request.GET else None,
                          initial={"start": default.start, "end": default.end})
        period, refusal, status = default, None, 200
        if form.is_bound:
            if form.is_valid():
                try:
                    period = report_api.check_period(form.cleaned_data["start"], form.cleaned_data["end"])
                except DcpError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                    refusal, status = exc.message, 400
            else:
                refusal, status = _("Fix the dates marked below."), 400
        if status != 200:
            return self.render_to_response(self.get_context_data(page_title=_("Program report"), form=form,
                                                                 refusal=refusal), status=status)
        download = request.GET.get("download") == "1"
        report = report_api.program_report(self.program, period=period)
        report_api.record_report(program=self.program, actor=request.user, period=period,
                                 form="file" if download else "page")
        sections = [{**section, "chart": bar_chart(section["bars"], title=section["bars_title"])}
                    for section in report["sections"]]
        context = {"report": report, "sections": sections, "period": period, "program": self.program}
        if download:
            html = render_to_string("openedx_dcp/pages/report/file.html", context, request=request)
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
            name = f"{self.program.slug}-report-{period.start.isoformat()}-{period.end.isoformat()}.html"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        query = f"start={period.start.isoformat()}&end={period.end.isoformat()}&download=1"
        return self.render_to_response(self.get_context_data(
            page_title=_("Program report"), form=form, download_query=query,
            recent=report_api.reports_of(self.program), **context))
