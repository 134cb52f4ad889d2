from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_list, name="volunteer_list"),
    path("new/", views.volunteer_create, name="volunteer_create"),
    path("pick/people/", views.person_candidates, name="person_candidates"),
    path("ranking/", views.ranking, name="ranking"),
    path("me/", views.my_service, name="my_service"),
    path("<int:volunteer_pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:volunteer_pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("<int:volunteer_pk>/card.pdf", views.volunteer_card, name="volunteer_card"),
    path("<int:volunteer_pk>/certificates/new/", views.certificate_issue, name="certificate_issue"),
    path(
        "certificates/<int:certificate_pk>/pdf",
        views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path("activities/<int:activity_pk>/hours/", views.activity_hours, name="activity_hours"),
]

# Public pages (no login; random codes): mounted at the site root by sanwei.urls.
public_urlpatterns = [
    path("verify/<str:code>", views.certificate_verify, name="certificate_verify"),
    path("v/<str:code>", views.volunteer_card_verify, name="volunteer_card_verify"),
]
