"""The one place for role rules.

Views are gated with `RoleRequiredMixin` / `role_required`: anonymous users go to the login
page, signed-in users of another role get 403. Object-level scoping lives in each app's
selectors, which answer 404 for what a user may not see.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from users.models import Role

STAFF = (Role.ADMIN, Role.MODERATOR, Role.SALESMAN)
MANAGERS = (Role.ADMIN, Role.MODERATOR)


def has_role(user, *roles) -> bool:
    return user.is_authenticated and user.is_active and user.role in roles


class RoleRequiredMixin(AccessMixin):
    """Allow only users whose role is in `allowed_roles`."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles):
    """Function-view twin of `RoleRequiredMixin`: `@role_required(Role.ADMIN, Role.MODERATOR)`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
