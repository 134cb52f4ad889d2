"""The site's URLs plus one page that fails, to see the 500 page."""

from django.urls import path

from sanwei.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*site_urlpatterns, path("boom/", boom)]
