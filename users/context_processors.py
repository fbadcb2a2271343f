from users.models import Role


def role(request):
    """Expose the role names so templates can say `user.role == Role.ADMIN`."""
    return {"Role": Role}
