"""The site's URLs plus one page and one API-style view that call a write service with
the request's user and let its refusal through, as every page and handler does."""

from django.http import HttpResponse
from django.urls import path

from sanwei.people.models import Household
from sanwei.people.services import delete_household
from sanwei.urls import urlpatterns as site_urlpatterns


def delete_first_household(request):
    delete_household(Household.objects.get(), user=request.user)
    return HttpResponse("deleted")


urlpatterns = [*site_urlpatterns, path("probe/delete-household/", delete_first_household)]
