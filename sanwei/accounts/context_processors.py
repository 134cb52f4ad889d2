from .menu import menu_for
from .permissions import ROLE_PERMISSIONS, can, roles_of


def access(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    perms = set().union(*(ROLE_PERMISSIONS.get(r, set()) for r in roles_of(user)))
    return {
        "user_perms": {p.replace(".", "_"): (user.is_superuser or p in perms) for p in _all()},
        "can": lambda p: can(user, p),
        "menu": menu_for(user),
    }


def _all():
    return set().union(*ROLE_PERMISSIONS.values())
