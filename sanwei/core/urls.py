"""URL helpers shared by the apps' urls.py."""

from types import ModuleType

from django.urls import URLPattern, path


def crud_paths(
    views: ModuleType, name: str, prefix: str = "", *, detail: bool = True
) -> list[URLPattern]:
    """Route one model's list/new/detail/edit/delete pages the same way in every app.

    `<prefix>` lists, `<prefix>new/` creates, `<prefix><int:NAME_pk>/` shows (unless `detail=False`),
    and `.../edit/` and `.../delete/` change; the views are `NAME_list`, `NAME_create`,
    `NAME_detail`, `NAME_edit` and `NAME_delete` in `views`, and the URL names are the same.
    """
    item = f"{prefix}<int:{name}_pk>/"
    routes = [("", "list"), ("new/", "create")]
    if detail:
        routes.append(("", "detail"))
    routes += [("edit/", "edit"), ("delete/", "delete")]
    patterns = []
    for suffix, action in routes:
        base = prefix if action in ("list", "create") else item
        view_name = f"{name}_{action}"
        patterns.append(path(base + suffix, getattr(views, view_name), name=view_name))
    return patterns
