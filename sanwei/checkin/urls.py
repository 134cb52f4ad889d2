from django.urls import path

from . import views

app_name = "checkin"
urlpatterns = [
    path("pending/", views.pending_list, name="pending"),
    path("activity/<int:activity_pk>/", views.activity_checkin, name="activity"),
    path("activity/<int:activity_pk>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("activity/<int:activity_pk>/poster.png", views.poster_png, name="poster_png"),
    path("unverified/<int:unverified_pk>/", views.unverified_detail, name="unverified"),
    path("unverified/<int:unverified_pk>/confirm/", views.unverified_confirm, name="confirm"),
    path("unverified/<int:unverified_pk>/merge/", views.unverified_merge, name="merge"),
    path("unverified/<int:unverified_pk>/reject/", views.unverified_reject, name="reject"),
]

# The public page residents open by scanning the poster (mounted at /c/ by sanwei.urls).
public_urlpatterns = [path("c/<str:token>", views.public_checkin, name="checkin_public")]
