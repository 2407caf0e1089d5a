"""
What every admin of the plugin shares: program staff see and change only their programs' objects (R1).

Superusers see everything. Other users need ``is_staff`` (to enter admin at all) and a ``ProgramStaff`` row:
then each scoped admin shows the objects of their programs on the request's site (the tenant of the host, as
the API decides it), and only those, in lists, filters, forms and choices.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.sites.models import Site
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Program
from openedx_dcp.tenancy import current_site

__all__ = ["ProgramScopedAdmin", "ProgramScopedInline", "ScopedRelatedFilter", "run_domain_action"]


def _staff_programs(request):
    """The programs the request's user runs on the request's site (none when the host is no tenant's)."""
    if not hasattr(request, "_dcp_staff_programs"):
        site = current_site(request)
        programs = programs_api.staff_program_ids(user=request.user, site=site) if site is not None else set()
        request._dcp_staff_programs = programs
    return request._dcp_staff_programs


def _scope(queryset, request, program_path):
    if request.user.is_superuser:
        return queryset
    if program_path == "site" or program_path.endswith("__site"):
        site_ids = Program.objects.filter(pk__in=_staff_programs(request)).values("site_id")
        return queryset.filter(**{f"{program_path}__in": site_ids})
    lookup = f"{program_path}__in" if program_path else "pk__in"
    return queryset.filter(**{lookup: _staff_programs(request)})


class _Scoped:
    """
    ``program_path`` is the lookup from the model to its Program ("" for Program itself, "site" for models
    owned by a tenant site such as organizations).
    """

    program_path = "program"
    staff_may_add = True
    staff_may_delete = False

    def get_queryset(self, request):
        return _scope(super().get_queryset(request), request, self.program_path)

    def _is_program_staff(self, request):
        return request.user.is_active and request.user.is_staff and (
            request.user.is_superuser or bool(_staff_programs(request))
        )

    def has_module_permission(self, request):
        return self._is_program_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._is_program_staff(request)

    def has_change_permission(self, request, obj=None):
        return self._is_program_staff(request)

    def has_add_permission(self, request, *args):
        return self._is_program_staff(request) and (self.staff_may_add or request.user.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return self._is_program_staff(request) and (self.staff_may_delete or request.user.is_superuser)

    def get_list_filter(self, request):
        # Every filter on a related program, cycle, site or other plugin object lists only what the staff
        # member may see (R1), whichever admin declares it.
        return [_scoped_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if request.user.is_superuser or field is None:
            return field
        if related is Program:
            field.queryset = field.queryset.filter(pk__in=_staff_programs(request))
        elif related._meta.app_label == "openedx_dcp":
            path = _program_path_of(related)
            if path is not None:
                field.queryset = _scope(field.queryset, request, path)
        return field


def _program_path_of(model):
    """The lookup from ``model`` to its program, for the plugin's own models."""
    names = {f.name for f in model._meta.get_fields()}
    for candidate in ("program", "cycle__program", "nomination__cycle__program"):
        if candidate.split("__", 1)[0] in names:
            return candidate
    if "site" in names:
        return "site"
    return None


def _scoped_filter(model, spec):
    """``spec`` with ``ScopedRelatedFilter`` when it names a relation to a plugin object or a site."""
    if not isinstance(spec, str):
        return spec
    try:
        field = get_fields_from_path(model, spec)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return spec
    related = getattr(field, "related_model", None)
    if related is None or not (related is Site or related._meta.app_label == "openedx_dcp"):
        return spec
    return (spec, ScopedRelatedFilter)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """
    A list filter on a related program, cycle or other plugin object that offers only the objects the staff
    member may see (R1): Django's own filter lists every row of the related table, other tenants' included.
    """

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        queryset = related._default_manager.all()
        if related is Site:
            if not request.user.is_superuser:
                queryset = queryset.filter(pk__in=Program.objects.filter(pk__in=_staff_programs(request))
                                           .values("site_id"))
        else:
            path = "" if related is Program else _program_path_of(related)
            if path is not None:
                queryset = _scope(queryset, request, path)
            elif not request.user.is_superuser:
                queryset = queryset.none()
        ordering = self.field_admin_ordering(field, request, model_admin) or related._meta.ordering or ["pk"]
        return [(obj.pk, str(obj)) for obj in queryset.order_by(*ordering)]


class ProgramScopedAdmin(_Scoped, admin.ModelAdmin):
    """A ModelAdmin whose objects program staff see only for their programs."""


class ProgramScopedInline(_Scoped):
    """Mixin for inlines; pair with ``admin.TabularInline`` or ``admin.StackedInline``."""


def run_domain_action(modeladmin, request, queryset, function, success):
    """
    Apply ``function(obj)`` to each selected object; a refusal is reported per object and the others go on.
    ``success(count)`` says what was done (a translated sentence, plural-aware).
    """
    done = 0
    for obj in queryset:
        try:
            function(obj)
        except DcpError as exc:
            modeladmin.message_user(request, _("{object}: {message}").format(object=obj, message=exc.message),
                                    level=messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success(done), level=messages.SUCCESS)
