"""Every signed-in role reports problems or gives feedback; Admins answer and resolve."""

import pytest
from django.urls import reverse

from feedback.models import Feedback
from notifications.models import Notification
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_send_feedback_from_its_dashboard(client, sign_in, role):
    admin = UserFactory(role=Role.ADMIN)
    author = sign_in(UserFactory(role=role))
    dashboard = client.get(reverse("dashboard:home"), follow=True).content.decode()
    assert reverse("feedback:mine") in dashboard
    client.post(reverse("feedback:mine"), {"kind": "problem", "text": "The seat map froze <script>x</script>"})
    item = Feedback.objects.get(author=author)
    assert item.kind == "problem" and not item.resolved
    assert Notification.objects.filter(user=admin, title__startswith="Report a problem from").exists()


def test_admin_answers_and_resolves_and_the_author_is_told(client, sign_in):
    author = UserFactory(role=Role.SALESMAN)
    item = Feedback.objects.create(author=author, kind="feedback", text="<b>More</b> counters please")
    sign_in(UserFactory(role=Role.ADMIN))
    page = client.get(reverse("feedback:admin")).content.decode()
    assert "&lt;b&gt;More&lt;/b&gt;" in page
    client.post(reverse("feedback:answer", args=[item.pk]), {"answer": "Coming in spring", "resolve": "on"})
    item.refresh_from_db()
    assert item.resolved and item.answer == "Coming in spring"
    assert Notification.objects.filter(user=author, title="An answer to your feedback").exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.SALESMAN, Role.CUSTOMER])
def test_only_admins_see_all_feedback(client, sign_in, role):
    item = Feedback.objects.create(author=UserFactory(), text="Private")
    sign_in(UserFactory(role=role))
    assert client.get(reverse("feedback:admin")).status_code == 403
    assert client.post(reverse("feedback:answer", args=[item.pk]), {"answer": "x"}).status_code == 403


def test_empty_feedback_is_explained(client, sign_in):
    sign_in(UserFactory())
    response = client.post(reverse("feedback:mine"), {"kind": "feedback", "text": "   "})
    assert "This field is required" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_referer_with_a_nul_byte_is_dropped_and_the_feedback_kept(client, sign_in):
    author = sign_in(UserFactory(role=Role.CUSTOMER))
    response = client.post(
        reverse("feedback:mine"), {"kind": "problem", "text": "Broken"}, HTTP_REFERER="http://testserver/\x00evil"
    )
    assert response.status_code == 302
    assert Feedback.objects.get(author=author).page == ""
