from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_pk>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:task_pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("assign/", views.assign, name="assign"),
    path("deliveries/", views.delivery_list, name="delivery_list"),
]
